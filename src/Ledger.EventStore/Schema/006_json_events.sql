-- Events keep their JSON exactly as written (json, not jsonb). jsonb parsed every event into a tree
-- on insert and printed it back to text for the hash and for every projection that read it; json
-- only checks the text and stores it. The text hashed is now the text sent, so the request path can
-- compute an event's hash itself (EventHash) and the definition below still verifies it.
-- Existing rows convert to jsonb's own text, which is what their hashes were computed over.
drop function ledger_append_one_per_stream(text[], text[], uuid[], int[], uuid[], text[], jsonb[], jsonb[], timestamptz[]);
drop function ledger_append(text, text, uuid, int, uuid[], text[], jsonb[], jsonb[], timestamptz);
drop function ledger_event_hash(bytea, text, int, text, jsonb, jsonb, timestamptz);

alter table events alter column data type json using data::json,
                   alter column metadata type json using metadata::json;

create function ledger_event_hash(
    prev_hash bytea, stream_id text, version int, type text, data json, metadata json, occurred_at timestamptz)
returns bytea
language sql stable parallel safe
return sha256(coalesce(prev_hash, ''::bytea) || convert_to(
    stream_id || E'\n' || version || E'\n' || type || E'\n' || data::text || E'\n' || metadata::text || E'\n'
    || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), 'UTF8'));

-- As in 003, over json.
create function ledger_append(
    p_stream_id text, p_stream_type text, p_org_id uuid, p_expected int,
    p_ids uuid[], p_types text[], p_data json[], p_metadata json[], p_occurred_at timestamptz)
returns table (
    seq bigint, id uuid, version int, tx_id xid8, retry boolean,
    type text, data text, metadata text, occurred_at timestamptz)
language plpgsql
as $$
#variable_conflict use_column
declare
    v_count    int := cardinality(p_ids);
    v_version  int;
    v_hash     bytea;
    v_hashes   bytea[] := array[]::bytea[];
    v_prevs    bytea[] := array[]::bytea[];
    v_stored   int;
    v_in_stream int;
begin
    select s.version, s.last_hash into v_version, v_hash from streams s where s.id = p_stream_id for update;
    if not found then
        if p_expected > 0 then
            raise exception using errcode = 'LD409',
                message = format('stream %s expected at version %s but is at 0', p_stream_id, p_expected);
        end if;
        -- a concurrent creator makes this wait, then do nothing; the re-select then locks its row
        insert into streams (id, type, version, org_id) values (p_stream_id, p_stream_type, 0, p_org_id)
        on conflict do nothing;
        select s.version, s.last_hash into v_version, v_hash from streams s where s.id = p_stream_id for update;
    end if;

    -- checked under the stream lock, so two racing retries of one append cannot both insert
    select count(*), count(*) filter (where e.stream_id = p_stream_id)
      into v_stored, v_in_stream
      from events e where e.id = any(p_ids);
    if v_stored > 0 then
        if v_in_stream = v_count then
            return query
                select e.seq, e.id, e.version, e.tx_id, true, e.type, e.data::text, e.metadata::text, e.occurred_at
                  from events e where e.id = any(p_ids) order by e.version;
            return;
        end if;
        raise exception using errcode = 'LD422',
            message = format('append to %s repeats %s of its %s event ids; a retry must repeat all of them', p_stream_id, v_stored, v_count);
    end if;

    if (p_expected = 0 and v_version <> 0) or (p_expected > 0 and v_version <> p_expected) then
        raise exception using errcode = 'LD409',
            message = format('stream %s expected at version %s but is at %s', p_stream_id, p_expected, v_version);
    end if;

    for i in 1 .. v_count loop
        v_prevs[i] := v_hash;
        v_hash := ledger_event_hash(v_hash, p_stream_id, v_version + i, p_types[i], p_data[i], p_metadata[i], p_occurred_at);
        v_hashes[i] := v_hash;
    end loop;

    -- no NOTIFY here: a notifying commit holds a cluster-wide lock through its WAL flush, which
    -- serialises commits; see AppendNotifier
    update streams set version = v_version + v_count, last_hash = v_hash where id = p_stream_id;

    return query
        insert into events as e (id, stream_id, version, type, data, metadata, org_id, occurred_at, hash, prev_hash)
        select u.id, p_stream_id, v_version + u.ord::int, u.type, u.data, u.metadata, p_org_id, p_occurred_at, u.hash, u.prev
          from unnest(p_ids, p_types, p_data, p_metadata, v_hashes, v_prevs)
               with ordinality as u(id, type, data, metadata, hash, prev, ord)
        returning e.seq, e.id, e.version, e.tx_id, false, null::text, null::text, null::text, null::timestamptz;
end
$$;
