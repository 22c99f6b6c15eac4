using Ledger.Domain.Admission;
using Ledger.Domain.Requests;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Projections.Admission;

/// <summary>
/// Reads and writes admission rows inside a caller's transaction. Rows are always locked org first,
/// then key, each in id order, so concurrent transactions on any node cannot deadlock.
/// </summary>
public static class AdmissionRowStore
{
    /// <summary>Locks the rows of the given orgs and keys in one round trip (orgs first, each in id order).</summary>
    public static Task<(Dictionary<Guid, OrgAdmission> Orgs, Dictionary<Guid, KeyAdmission> Keys)> LockAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyCollection<Guid> orgIds, IReadOnlyCollection<Guid> keyIds, CancellationToken ct) =>
        LockAsync(c, tx, ct,
            ("select state::text from admission_orgs where org_id = any($1) order by org_id for update", orgIds.ToArray()),
            ("select state::text from admission_keys where key_id = any($1) order by key_id for update", keyIds.ToArray()));

    /// <summary>
    /// Locks the rows behind presented key hashes and their orgs in one round trip. A key's org never
    /// changes, so finding the orgs through the not-yet-locked key rows is safe.
    /// </summary>
    public static Task<(Dictionary<Guid, OrgAdmission> Orgs, Dictionary<Guid, KeyAdmission> Keys)> LockByHashAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyCollection<string> hashes, CancellationToken ct) =>
        LockAsync(c, tx, ct,
            ("""
             select state::text from admission_orgs
             where org_id in (select org_id from admission_keys where key_hash = any($1)) order by org_id for update
             """, hashes.ToArray()),
            ("select state::text from admission_keys where key_hash = any($1) order by key_id for update", hashes.ToArray()));

    private static async Task<(Dictionary<Guid, OrgAdmission>, Dictionary<Guid, KeyAdmission>)> LockAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct, (string Sql, Array Ids) orgs, (string Sql, Array Ids) keys)
    {
        var orgRows = new Dictionary<Guid, OrgAdmission>();
        var keyRows = new Dictionary<Guid, KeyAdmission>();
        if (orgs.Ids.Length == 0 && keys.Ids.Length == 0) return (orgRows, keyRows);
        await using var batch = new NpgsqlBatch(c, tx)
        {
            BatchCommands = { new NpgsqlBatchCommand(orgs.Sql) { Parameters = { new NpgsqlParameter { Value = orgs.Ids } } },
                              new NpgsqlBatchCommand(keys.Sql) { Parameters = { new NpgsqlParameter { Value = keys.Ids } } } },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var org = RowJson.Read<OrgAdmission>(reader.GetString(0));
            orgRows[org.OrgId] = org;
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = RowJson.Read<KeyAdmission>(reader.GetString(0));
            keyRows[key.KeyId] = key;
        }
        return (orgRows, keyRows);
    }

    /// <summary>Writes changed rows, opens reservations for admissions and closes settled ones, in one round trip.</summary>
    public static async Task SaveAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IEnumerable<OrgAdmission> orgs, IEnumerable<KeyAdmission> keys,
        IEnumerable<(RequestAdmitted Admitted, DateTimeOffset At)> opened, IEnumerable<Guid> settled, CancellationToken ct,
        bool asynchronousCommit = false)
    {
        var orgList = orgs.ToList();
        var keyList = keys.ToList();
        var openList = opened.ToList();
        var settledList = settled.ToArray();
        await using var batch = new NpgsqlBatch(c, tx);
        if (asynchronousCommit) batch.BatchCommands.Add(new NpgsqlBatchCommand("set local synchronous_commit = off"));
        if (openList.Count > 0)
        {
            var cmd = new NpgsqlBatchCommand("""
                insert into open_reservations (request_id, key_id, org_id, model, admitted_at, reserved, currency)
                select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::numeric[], $7::text[])
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = openList.Select(o => o.Admitted.RequestId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = openList.Select(o => o.Admitted.KeyId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = openList.Select(o => o.Admitted.OrgId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = openList.Select(o => o.Admitted.Model).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = openList.Select(o => o.At.ToUniversalTime()).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = openList.Select(o => o.Admitted.Reserved).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = openList.Select(o => o.Admitted.Currency).ToArray() });
            batch.BatchCommands.Add(cmd);
        }
        if (settledList.Length > 0)
        {
            var cmd = new NpgsqlBatchCommand("delete from open_reservations where request_id = any($1)");
            cmd.Parameters.Add(new NpgsqlParameter { Value = settledList });
            batch.BatchCommands.Add(cmd);
        }
        if (orgList.Count > 0)
        {
            var cmd = new NpgsqlBatchCommand("""
                insert into admission_orgs (org_id, state) select * from unnest($1::uuid[], $2::jsonb[])
                on conflict (org_id) do update set state = excluded.state
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = orgList.Select(o => o.OrgId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = orgList.Select(RowJson.Write).ToArray() });
            batch.BatchCommands.Add(cmd);
        }
        if (keyList.Count > 0)
        {
            var cmd = new NpgsqlBatchCommand("""
                insert into admission_keys (key_id, key_hash, org_id, state)
                select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[])
                on conflict (key_id) do update set state = excluded.state
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = keyList.Select(k => k.KeyId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = keyList.Select(k => k.KeyHash).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = keyList.Select(k => k.OrgId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = keyList.Select(RowJson.Write).ToArray() });
            batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
