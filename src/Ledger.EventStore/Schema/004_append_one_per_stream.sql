-- Appends exactly one event to each of many streams with a handful of set-based statements, for
-- the request path: admission and completion each write one event to each of hundreds of request
-- streams per transaction, where one ledger_append call per stream costs several statements each.
-- Same hash chain and version rules as ledger_append. A stream that is not at its expected
-- version (0 = must not exist yet) fails the whole call with LD409; ids must be new.
create function ledger_append_one_per_stream(
    p_stream_ids text[], p_stream_types text[], p_org_ids uuid[], p_expected int[],
    p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_occurred_at timestamptz[])
returns table (ord int, seq bigint, version int, tx_id xid8)
language plpgsql
as $$
declare
    v_count int := cardinality(p_ids);
    v_done  int;
begin
    insert into streams (id, type, version, org_id)
    select u.id, u.type, 0, u.org_id
      from unnest(p_stream_ids, p_stream_types, p_org_ids, p_expected) as u(id, type, org_id, expected)
     where u.expected = 0
     order by u.id
    on conflict do nothing;

    return query
    with u as (
        select * from unnest(p_stream_ids, p_expected, p_ids, p_types, p_data, p_metadata, p_occurred_at, p_org_ids)
               with ordinality as u(stream_id, expected, id, type, data, metadata, occurred_at, org_id, ord)
    ),
    -- one primary-key lookup per stream (a plain join lets the planner hash the whole streams table,
    -- measured: 174 ms per batch at 200k streams), locked in stream id order so concurrent batches
    -- cannot deadlock; a stream moved by a concurrent writer no longer matches and drops out (counted below)
    cur as (
        select u.*, s.prev,
               ledger_event_hash(s.prev, u.stream_id, u.expected + 1, u.type, u.data, u.metadata, u.occurred_at) as hash
          from (select * from u order by u.stream_id) u
         cross join lateral (
               select st.last_hash as prev from streams st
                where st.id = u.stream_id and st.version = u.expected
                  for update
         ) s
    ),
    moved as (
        update streams s set version = cur.expected + 1, last_hash = cur.hash
          from cur where s.id = cur.stream_id
    ),
    ins as (
        insert into events as e (id, stream_id, version, type, data, metadata, org_id, occurred_at, hash, prev_hash)
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
