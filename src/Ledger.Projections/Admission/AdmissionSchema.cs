using Ledger.EventStore;

namespace Ledger.Projections.Admission;

/// <summary>
/// The hot rows admission reads and updates in one transaction with the events that change them.
/// Each row is a fold of events (see AdmissionEvolve), stored whole as jsonb; the columns beside it
/// exist for lookups and locking.
/// </summary>
public static class AdmissionSchema
{
    public static readonly Migration Tables = new(100, "admission_rows", """
        create table admission_orgs (
            org_id uuid primary key,
            state jsonb not null
        );
        create table admission_keys (
            key_id uuid primary key,
            key_hash text not null unique,
            org_id uuid not null,
            state jsonb not null
        );
        create index admission_keys_org on admission_keys (org_id);
        """);
}
