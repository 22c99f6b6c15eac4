using Ledger.EventStore;

namespace Ledger.Projections.Orgs;

/// <summary>
/// Tables the gateway writes itself, beside the events: they hold what must be deletable or
/// short-lived, which the hash-chained history cannot be.
/// </summary>
public static class OrgTables
{
    /// <summary>
    /// An org's personal data (today: the signup email), outside the immutable history so it can be
    /// erased without breaking the chain. Erasing clears the columns and stamps erased_at; the row
    /// stays as the record that it happened. Orgs that signed up before this table existed have their
    /// email copied here from their OrgSignedUp event (which keeps its copy: the chain cannot be rewritten).
    /// </summary>
    public static readonly Migration PersonalData = new(120, "org_personal_data", """
        create table org_personal_data (
            org_id     uuid        primary key,
            email      text        null,
            created_at timestamptz not null,
            erased_at  timestamptz null
        );
        -- a database from before the move to Marten: the emails its signups carried
        do $$ begin
            if to_regclass('events') is not null then
                insert into org_personal_data (org_id, email, created_at)
                select (data->>'org_id')::uuid, data->>'email', occurred_at
                  from events
                 where type = 'V1.OrgSignedUp' and data->>'email' is not null
                on conflict (org_id) do nothing;
            end if;
        end $$;
        """);

    /// <summary>
    /// How many times each client address did a limited action (signup, promo claim) in each clock
    /// hour. Shared by every node through PostgreSQL; rows older than the previous hour are pruned.
    /// </summary>
    public static readonly Migration ClientAddressCounts = new(121, "client_address_counts", """
        create table client_address_counts (
            action  text        not null,
            address text        not null,
            hour    timestamptz not null,
            count   int         not null,
            primary key (action, address, hour)
        );
        create index client_address_counts_hour_idx on client_address_counts (hour);
        """);
}
