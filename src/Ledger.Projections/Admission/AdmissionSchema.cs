using Ledger.EventStore;

namespace Ledger.Projections.Admission;

/// <summary>
/// The hot rows admission reads and updates in one transaction with the events that change them.
/// Each row is a fold of events (see AdmissionEvolve), stored whole as JSON; the columns beside it
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

    /// <summary>
    /// Every write of a row moves its version, so the request path can decide against rows it keeps
    /// in memory and save them only if nobody moved them meanwhile (see AdmissionRowStore). State
    /// becomes json: nothing reads inside it on the hot path, and jsonb cost a parse on every write.
    /// </summary>
    public static readonly Migration Versions = new(102, "admission_row_versions", """
        alter table admission_orgs add column version bigint not null default 0,
                                   alter column state type json using state::json;
        alter table admission_keys add column version bigint not null default 0,
                                   alter column state type json using state::json;

        -- fails the statement (and so its transaction) with LD409 unless ok
        create function ledger_expect(ok boolean, what text) returns void
        language plpgsql
        as $$
        begin
            if not ok then
                raise exception using errcode = 'LD409', message = what;
            end if;
        end
        $$;
        """);

    /// <summary>
    /// Room on every page for a row's next version: admission rows are rewritten on every request,
    /// and an update that finds no room on its page cannot be HOT, so it writes every index again
    /// (measured at saturation: one key-row update in six). Existing pages keep their layout until
    /// they are rewritten; new ones leave half free.
    /// </summary>
    public static readonly Migration FillFactor = new(104, "admission_rows_fillfactor", """
        alter table admission_orgs set (fillfactor = 50);
        alter table admission_keys set (fillfactor = 50);
        """);
}
