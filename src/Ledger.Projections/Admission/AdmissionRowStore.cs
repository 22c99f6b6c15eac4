using Ledger.Domain.Admission;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Projections.Admission;

/// <summary>Admission rows as read, with the version each was read at.</summary>
public sealed class AdmissionRowSet
{
    public Dictionary<Guid, OrgAdmission> Orgs { get; } = [];
    public Dictionary<Guid, KeyAdmission> Keys { get; } = [];
    public Dictionary<Guid, long> OrgVersions { get; } = [];
    public Dictionary<Guid, long> KeyVersions { get; } = [];
}

/// <summary>
/// Reads and writes admission rows inside a caller's transaction. Rows are always locked org first,
/// then key, each in id order, so concurrent transactions on any node cannot deadlock.
/// </summary>
public static class AdmissionRowStore
{
    private const string OrgColumns = "state, version";
    private const string KeyColumns = "state, version";

    /// <summary>Locks the rows of the given orgs and keys in one round trip (orgs first, each in id order).</summary>
    public static Task<AdmissionRowSet> LockAsync(
        NpgsqlConnection c, NpgsqlTransaction? tx, IReadOnlyCollection<Guid> orgIds, IReadOnlyCollection<Guid> keyIds, CancellationToken ct) =>
        LockAsync(c, tx, ct, begin: false,
            ($"select {OrgColumns} from admission_orgs where org_id = any($1) order by org_id for update", [orgIds.ToArray()]),
            ($"select {KeyColumns} from admission_keys where key_id = any($1) order by key_id for update", [keyIds.ToArray()]));

    /// <summary>
    /// Opens a transaction and locks, in one round trip, the rows the request path needs: those behind
    /// presented key hashes and those of requests being settled (by org and key id).
    /// </summary>
    public static Task<AdmissionRowSet> BeginAndLockAsync(NpgsqlConnection c, string[] hashes, Guid[] orgIds, Guid[] keyIds, CancellationToken ct) =>
        LockAsync(c, null, ct, begin: true,
            ($"""
             select {OrgColumns} from admission_orgs
             where org_id in (select unnest($2::uuid[]) union select org_id from admission_keys where key_hash = any($1))
             order by org_id for update
             """, [hashes, orgIds]),
            ($"select {KeyColumns} from admission_keys where key_hash = any($1) or key_id = any($2) order by key_id for update",
             [hashes, keyIds]));

    /// <param name="begin">Open the transaction in the same round trip (for callers that send their own COMMIT).</param>
    private static async Task<AdmissionRowSet> LockAsync(
        NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct, bool begin, (string Sql, Array[] Args) orgs, (string Sql, Array[] Args) keys)
    {
        var rows = new AdmissionRowSet();
        await using var batch = new NpgsqlBatch(c, tx);
        if (begin) batch.BatchCommands.Add(new NpgsqlBatchCommand("begin"));
        foreach (var (sql, args) in new[] { orgs, keys })
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var org = RowJson.Read<OrgAdmission>(reader.GetFieldValue<byte[]>(0));
            (rows.Orgs[org.OrgId], rows.OrgVersions[org.OrgId]) = (org, reader.GetInt64(1));
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = RowJson.Read<KeyAdmission>(reader.GetFieldValue<byte[]>(0));
            (rows.Keys[key.KeyId], rows.KeyVersions[key.KeyId]) = (key, reader.GetInt64(1));
        }
        return rows;
    }

    /// <summary>Writes changed rows (inserted at version 0, or moved on by one), in one round trip.</summary>
    public static async Task SaveAsync(NpgsqlConnection c, NpgsqlTransaction tx, RowChanges changes, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c, tx);
        if (changes.Orgs.Count > 0)
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                insert into admission_orgs (org_id, state) select * from unnest($1::uuid[], $2::json[])
                on conflict (org_id) do update set state = excluded.state, version = admission_orgs.version + 1
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = changes.Orgs.Select(o => o.OrgId).ToArray() },
                    Json(changes.Orgs.Select(RowJson.Write).ToArray()),
                },
            });
        if (changes.Keys.Count > 0)
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                insert into admission_keys (key_id, key_hash, org_id, state)
                select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::json[])
                on conflict (key_id) do update set state = excluded.state, version = admission_keys.version + 1
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = changes.Keys.Select(k => k.KeyId).ToArray() },
                    new NpgsqlParameter { Value = changes.Keys.Select(k => k.KeyHash).ToArray() },
                    new NpgsqlParameter { Value = changes.Keys.Select(k => k.OrgId).ToArray() },
                    Json(changes.Keys.Select(RowJson.Write).ToArray()),
                },
            });
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Saves rows decided on at the versions they were read at, as one statement: those in
    /// <paramref name="changes"/> are written if still at their version (the update takes their row
    /// locks, in id order), the others only checked, as a refusal decided on them must be. If any row
    /// has moved the statement fails with LD409 and the caller's transaction with it.
    /// </summary>
    public static NpgsqlBatchCommand SaveAtVersionsCommand(AdmissionRowSet read, RowChanges changes)
    {
        var orgStates = changes.Orgs.ToDictionary(o => o.OrgId, RowJson.Write);
        var keyStates = changes.Keys.ToDictionary(k => k.KeyId, RowJson.Write);
        var (orgs, checkedOrgs) = Split(read.OrgVersions, orgStates);
        var (keys, checkedKeys) = Split(read.KeyVersions, keyStates);
        return new NpgsqlBatchCommand("""
            with org_writes as (
                update admission_orgs o set state = u.s, version = o.version + 1
                  from unnest($1::uuid[], $2::bigint[], $3::json[]) u(id, v, s)
                 where o.org_id = u.id and o.version = u.v returning 1),
            key_writes as (
                update admission_keys k set state = u.s, version = k.version + 1
                  from unnest($4::uuid[], $5::bigint[], $6::json[]) u(id, v, s)
                 where k.key_id = u.id and k.version = u.v returning 1),
            org_checks as (
                select 1 from admission_orgs o join unnest($7::uuid[], $8::bigint[]) u(id, v) on o.org_id = u.id and o.version = u.v),
            key_checks as (
                select 1 from admission_keys k join unnest($9::uuid[], $10::bigint[]) u(id, v) on k.key_id = u.id and k.version = u.v)
            select ledger_expect(
                (select count(*) from org_writes) + (select count(*) from key_writes)
                + (select count(*) from org_checks) + (select count(*) from key_checks) = $11,
                'admission rows moved since they were read')
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]> { TypedValue = orgs.Select(o => o.Id).ToArray() },
                new NpgsqlParameter<long[]> { TypedValue = orgs.Select(o => o.Version).ToArray() },
                Json(orgs.Select(o => orgStates[o.Id]).ToArray()),
                new NpgsqlParameter<Guid[]> { TypedValue = keys.Select(k => k.Id).ToArray() },
                new NpgsqlParameter<long[]> { TypedValue = keys.Select(k => k.Version).ToArray() },
                Json(keys.Select(k => keyStates[k.Id]).ToArray()),
                new NpgsqlParameter<Guid[]> { TypedValue = checkedOrgs.Select(o => o.Id).ToArray() },
                new NpgsqlParameter<long[]> { TypedValue = checkedOrgs.Select(o => o.Version).ToArray() },
                new NpgsqlParameter<Guid[]> { TypedValue = checkedKeys.Select(k => k.Id).ToArray() },
                new NpgsqlParameter<long[]> { TypedValue = checkedKeys.Select(k => k.Version).ToArray() },
                new NpgsqlParameter<long> { TypedValue = read.OrgVersions.Count + read.KeyVersions.Count },
            },
        };
    }

    /// <summary>Rows to write and rows to check only, each in id order (the order every writer locks in).</summary>
    private static ((Guid Id, long Version)[] Write, (Guid Id, long Version)[] Check) Split(
        Dictionary<Guid, long> versions, Dictionary<Guid, byte[]> states)
    {
        var ordered = versions.OrderBy(v => v.Key).Select(v => (Id: v.Key, Version: v.Value)).ToArray();
        return (ordered.Where(v => states.ContainsKey(v.Id)).ToArray(), ordered.Where(v => !states.ContainsKey(v.Id)).ToArray());
    }

    /// <summary>True when a save at versions found a row moved since it was read.</summary>
    public static bool IsMoved(PostgresException e) => e.SqlState == "LD409";

    private static NpgsqlParameter Json(byte[][] values) =>
        new NpgsqlParameter<byte[][]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json };

    /// <summary>Ends a transaction opened with a raw BEGIN after a failure, so the pooled connection comes back clean.</summary>
    public static async Task RollbackQuietlyAsync(NpgsqlConnection c)
    {
        try
        {
            await using var rollback = new NpgsqlCommand("rollback", c);
            await rollback.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // a broken connection is discarded by the pool anyway
        }
    }
}
