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
    public static async Task<Dictionary<Guid, OrgAdmission>> LockOrgsAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyCollection<Guid> orgIds, CancellationToken ct)
    {
        var rows = new Dictionary<Guid, OrgAdmission>();
        if (orgIds.Count == 0) return rows;
        await using var cmd = new NpgsqlCommand(
            "select state::text from admission_orgs where org_id = any($1) order by org_id for update", c, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = orgIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = RowJson.Read<OrgAdmission>(reader.GetString(0));
            rows[row.OrgId] = row;
        }
        return rows;
    }

    public static async Task<Dictionary<Guid, KeyAdmission>> LockKeysAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyCollection<Guid> keyIds, CancellationToken ct)
    {
        var rows = new Dictionary<Guid, KeyAdmission>();
        if (keyIds.Count == 0) return rows;
        await using var cmd = new NpgsqlCommand(
            "select state::text from admission_keys where key_id = any($1) order by key_id for update", c, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = keyIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = RowJson.Read<KeyAdmission>(reader.GetString(0));
            rows[row.KeyId] = row;
        }
        return rows;
    }

    /// <summary>Key id and org id for presented key hashes: facts that never change for a key.</summary>
    public static async Task<Dictionary<string, (Guid KeyId, Guid OrgId)>> ResolveHashesAsync(
        NpgsqlConnection c, NpgsqlTransaction? tx, IReadOnlyCollection<string> hashes, CancellationToken ct)
    {
        var found = new Dictionary<string, (Guid, Guid)>();
        if (hashes.Count == 0) return found;
        await using var cmd = new NpgsqlCommand("select key_hash, key_id, org_id from admission_keys where key_hash = any($1)", c, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = hashes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = (reader.GetGuid(1), reader.GetGuid(2));
        return found;
    }

    /// <summary>Writes changed rows, opens reservations for admissions and closes settled ones, in one round trip.</summary>
    public static async Task SaveAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IEnumerable<OrgAdmission> orgs, IEnumerable<KeyAdmission> keys,
        IEnumerable<(RequestAdmitted Admitted, DateTimeOffset At)> opened, IEnumerable<Guid> settled, CancellationToken ct)
    {
        var orgList = orgs.ToList();
        var keyList = keys.ToList();
        var openList = opened.ToList();
        var settledList = settled.ToArray();
        await using var batch = new NpgsqlBatch(c, tx);
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
