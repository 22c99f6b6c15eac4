create table events (
    seq         bigint generated always as identity primary key,
    id          uuid        not null unique,
    stream_id   text        not null,
    version     int         not null,
    type        text        not null,
    data        jsonb       not null,
    metadata    jsonb       not null,
    org_id      uuid        null,
    occurred_at timestamptz not null,
    -- consumers read by transaction id so a slow writer's events are waited for, never skipped
    tx_id       xid8        not null default pg_current_xact_id(),
    hash        bytea       not null,
    prev_hash   bytea       null,
    constraint events_stream_version_key unique (stream_id, version)
);
create index events_tx_seq_idx on events (tx_id, seq);

create table streams (
    id         text        primary key,
    type       text        not null,
    version    int         not null,
    org_id     uuid        null,
    last_hash  bytea       null,
    created_at timestamptz not null default now()
);

create table projection_checkpoints (
    name       text        primary key,
    tx_id      xid8        not null default '0',
    seq        bigint      not null default 0,
    state      text        not null default 'running' check (state in ('running', 'paused')),
    error      text        null,
    updated_at timestamptz not null default now()
);
