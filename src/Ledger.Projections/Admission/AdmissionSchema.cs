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
    /// in memory and save only if nobody moved them meanwhile (admission_save). State becomes json:
    /// nothing reads inside it on the hot path, and jsonb cost a parse on every write.
    /// </summary>
    public static readonly Migration Versions = new(102, "admission_row_versions", """
        alter table admission_orgs add column version bigint not null default 0,
                                   alter column state type json using state::json;
        alter table admission_keys add column version bigint not null default 0,
                                   alter column state type json using state::json;

        -- Saves rows decided on at the given versions: locks them orgs first, then keys, each in id
        -- order (as every writer does, so nodes cannot deadlock), fails with LD409 if any has moved,
        -- then writes those with a new state (null: only checked, as a refusal decided on it is).
        create function admission_save(
            p_org_ids uuid[], p_org_versions bigint[], p_org_states json[],
            p_key_ids uuid[], p_key_versions bigint[], p_key_states json[])
        returns void
        language plpgsql
        as $$
        declare
            v_orgs int;
            v_keys int;
        begin
            select count(*) into v_orgs from (
                select 1 from admission_orgs o join unnest(p_org_ids, p_org_versions) u(id, v) on o.org_id = u.id
                 where o.version = u.v order by o.org_id for update of o) x;
            select count(*) into v_keys from (
                select 1 from admission_keys k join unnest(p_key_ids, p_key_versions) u(id, v) on k.key_id = u.id
                 where k.version = u.v order by k.key_id for update of k) x;
            if v_orgs <> cardinality(p_org_ids) or v_keys <> cardinality(p_key_ids) then
                raise exception using errcode = 'LD409',
                    message = format('%s of %s admission rows moved since they were read',
                                     cardinality(p_org_ids) + cardinality(p_key_ids) - v_orgs - v_keys,
                                     cardinality(p_org_ids) + cardinality(p_key_ids));
            end if;
            update admission_orgs o set state = u.s, version = o.version + 1
              from unnest(p_org_ids, p_org_states) u(id, s) where o.org_id = u.id and u.s is not null;
            update admission_keys k set state = u.s, version = k.version + 1
              from unnest(p_key_ids, p_key_states) u(id, s) where k.key_id = u.id and u.s is not null;
        end
        $$;
        """);
}
