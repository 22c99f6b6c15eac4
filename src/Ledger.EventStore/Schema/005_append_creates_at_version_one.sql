-- The set-based append creates a new stream at version 1 with its first event's hash in one row
-- write. Migration 004 inserted it at version 0, then locked and updated that same row in the same
-- call: one row lock and one update (and their WAL) more per request on the request path.
-- Same rules as before: a stream expected at 0 must not exist (a concurrent creator wins and this
-- call fails with LD409), a stream expected at n must be at n, and nothing is stored unless all are.
create or replace function ledger_append_one_per_stream(
    p_stream_ids text[], p_stream_types text[], p_org_ids uuid[], p_expected int[],
    p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_occurred_at timestamptz[])
returns table (ord int, seq bigint, version int, tx_id xid8)
language plpgsql
as $$
declare
    v_count int := cardinality(p_ids);
    v_done  int;
begin
    return query
    with u as (
        select * from unnest(p_stream_ids, p_stream_types, p_expected, p_ids, p_types, p_data, p_metadata, p_occurred_at, p_org_ids)
               with ordinality as u(stream_id, stream_type, expected, id, type, data, metadata, occurred_at, org_id, ord)
    ),
    -- new streams, in id order so concurrent batches cannot deadlock; one that exists already
    -- (or is being created by a concurrent batch, which this waits for) returns nothing and drops out
    created as (
        insert into streams as st (id, type, version, org_id, last_hash)
        select n.stream_id, n.stream_type, 1, n.org_id,
               ledger_event_hash(null, n.stream_id, 1, n.type, n.data, n.metadata, n.occurred_at)
          from (select * from u where u.expected = 0 order by u.stream_id) n
        on conflict do nothing
        returning st.id, st.last_hash
    ),
    -- existing streams: one primary-key lookup each (a plain join lets the planner hash the whole
    -- streams table), locked in id order; one moved by a concurrent writer no longer matches and drops out
    cur as (
        select x.*, s.prev,
               ledger_event_hash(s.prev, x.stream_id, x.expected + 1, x.type, x.data, x.metadata, x.occurred_at) as hash
          from (select * from u where u.expected > 0 order by u.stream_id) x
         cross join lateral (
               select st.last_hash as prev from streams st
                where st.id = x.stream_id and st.version = x.expected
                  for update
         ) s
    ),
    moved as (
        update streams s set version = cur.expected + 1, last_hash = cur.hash
          from cur where s.id = cur.stream_id
    ),
    ins as (
        insert into events as e (id, stream_id, version, type, data, metadata, org_id, occurred_at, hash, prev_hash)
        select u.id, u.stream_id, 1, u.type, u.data, u.metadata, u.org_id, u.occurred_at, c.last_hash, null
          from u join created c on c.id = u.stream_id
         where u.expected = 0
        union all
        select cur.id, cur.stream_id, cur.expected + 1, cur.type, cur.data, cur.metadata, cur.org_id, cur.occurred_at, cur.hash, cur.prev
          from cur
        returning e.id, e.seq, e.version, e.tx_id
    )
    select u.ord::int, ins.seq, ins.version, ins.tx_id from ins join u on u.id = ins.id;

    get diagnostics v_done = row_count;
    if v_done <> v_count then
        raise exception using errcode = 'LD409',
            message = format('%s of %s streams were not at their expected version', v_count - v_done, v_count);
    end if;
end
$$;
