using Ledger.EventStore;

namespace Ledger.Projections.Activity;

/// <summary>
/// One row per request, refused ones included. Key names live in activity_keys and are joined when
/// read, so renaming a key renames it across its history without rewriting rows. seq is the
/// request's first event: pagination pins a page set to seq ≤ the position of its first page.
/// </summary>
public static class ActivitySchema
{
    public static readonly Migration Tables = new(110, "activity", """
        create table activity_keys (
            key_id uuid primary key,
            org_id uuid not null,
            name   text not null,
            prefix text null
        );
        create table activity (
            request_id uuid primary key,
            seq        bigint not null,
            org_id     uuid not null,
            key_id     uuid null,
            at         timestamptz not null,
            model      text null,
            provider   text null,
            status     int null,
            code       text null,
            tokens_in  int null,
            tokens_out int null,
            cost       numeric null,
            currency   text null,
            latency_ms double precision null
        );
        -- newest first, keyset (at, request_id); each filter gets an index that keeps that order
        create index activity_org_at on activity (org_id, at desc, request_id desc);
        create index activity_org_key_at on activity (org_id, key_id, at desc, request_id desc);
        create index activity_org_model_at on activity (org_id, model, at desc, request_id desc);
        create index activity_org_provider_at on activity (org_id, provider, at desc, request_id desc);
        create index activity_org_status_at on activity (org_id, status, at desc, request_id desc);
        """);
}
