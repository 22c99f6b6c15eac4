-- The one definition of an event's hash, used by append and by verify. Hashing in SQL over
-- jsonb::text (canonical) means nothing is re-serialised differently on the way.
create function ledger_event_hash(
    prev_hash bytea, stream_id text, version int, type text, data jsonb, metadata jsonb, occurred_at timestamptz)
returns bytea
language sql stable parallel safe
return sha256(coalesce(prev_hash, ''::bytea) || convert_to(
    stream_id || E'\n' || version || E'\n' || type || E'\n' || data::text || E'\n' || metadata::text || E'\n'
    || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), 'UTF8'));
