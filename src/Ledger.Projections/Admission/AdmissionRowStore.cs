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
        NpgsqlConnection c, NpgsqlTransaction? tx, IReadOnlyCollection<Guid> orgIds, IReadOnlyCollection<Guid> keyIds, CancellationToken ct) =>
        LockAsync(c, tx, ct, begin: false,
            ("select state::text from admission_orgs where org_id = any($1) order by org_id for update", [orgIds.ToArray()]),
            ("select state::text from admission_keys where key_id = any($1) order by key_id for update", [keyIds.ToArray()]));

    /// <summary>
    /// Opens a transaction and locks, in one round trip, the rows the request path needs: those behind
    /// presented key hashes and those of requests being settled (by org and key id).
    /// </summary>
    public static Task<(Dictionary<Guid, OrgAdmission> Orgs, Dictionary<Guid, KeyAdmission> Keys)> BeginAndLockAsync(
        NpgsqlConnection c, string[] hashes, Guid[] orgIds, Guid[] keyIds, CancellationToken ct) =>
        LockAsync(c, null, ct, begin: true,
            ("""
             select state::text from admission_orgs
             where org_id in (select unnest($2::uuid[]) union select org_id from admission_keys where key_hash = any($1))
             order by org_id for update
             """, [hashes, orgIds]),
            ("select state::text from admission_keys where key_hash = any($1) or key_id = any($2) order by key_id for update",
             [hashes, keyIds]));

    /// <param name="begin">Open the transaction in the same round trip (for callers that send their own COMMIT).</param>
    private static async Task<(Dictionary<Guid, OrgAdmission>, Dictionary<Guid, KeyAdmission>)> LockAsync(
        NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct, bool begin, (string Sql, Array[] Args) orgs, (string Sql, Array[] Args) keys)
    {
        var orgRows = new Dictionary<Guid, OrgAdmission>();
        var keyRows = new Dictionary<Guid, KeyAdmission>();
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
    public static async Task SaveAsync(NpgsqlConnection c, NpgsqlTransaction tx, RowChanges changes, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c, tx);
        foreach (var command in SaveCommands(changes)) batch.BatchCommands.Add(command);
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The same writes as commands, for a caller that sends them in its own batch.</summary>
    public static IEnumerable<NpgsqlBatchCommand> SaveCommands(RowChanges changes)
    {
        var (orgList, keyList, openList, settledList) = (changes.Orgs, changes.Keys, changes.Opened, changes.Settled.ToArray());
        if (openList.Count > 0)
            yield return new NpgsqlBatchCommand("""
                insert into open_reservations (request_id, key_id, org_id, model, admitted_at, reserved, currency)
                select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::numeric[], $7::text[])
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = openList.Select(o => o.Admitted.RequestId).ToArray() },
                    new NpgsqlParameter { Value = openList.Select(o => o.Admitted.KeyId).ToArray() },
                    new NpgsqlParameter { Value = openList.Select(o => o.Admitted.OrgId).ToArray() },
                    new NpgsqlParameter { Value = openList.Select(o => o.Admitted.Model).ToArray() },
                    new NpgsqlParameter { Value = openList.Select(o => o.At.ToUniversalTime()).ToArray() },
                    new NpgsqlParameter { Value = openList.Select(o => o.Admitted.Reserved).ToArray() },
                    new NpgsqlParameter { Value = openList.Select(o => o.Admitted.Currency).ToArray() },
                },
            };
        if (settledList.Length > 0)
            yield return new NpgsqlBatchCommand("delete from open_reservations where request_id = any($1)")
            {
                Parameters = { new NpgsqlParameter { Value = settledList } },
            };
        if (orgList.Count > 0)
            yield return new NpgsqlBatchCommand("""
                insert into admission_orgs (org_id, state) select * from unnest($1::uuid[], $2::jsonb[])
                on conflict (org_id) do update set state = excluded.state
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = orgList.Select(o => o.OrgId).ToArray() },
                    new NpgsqlParameter { Value = orgList.Select(RowJson.Write).ToArray() },
                },
            };
        if (keyList.Count > 0)
            yield return new NpgsqlBatchCommand("""
                insert into admission_keys (key_id, key_hash, org_id, state)
                select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[])
                on conflict (key_id) do update set state = excluded.state
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = keyList.Select(k => k.KeyId).ToArray() },
                    new NpgsqlParameter { Value = keyList.Select(k => k.KeyHash).ToArray() },
                    new NpgsqlParameter { Value = keyList.Select(k => k.OrgId).ToArray() },
                    new NpgsqlParameter { Value = keyList.Select(RowJson.Write).ToArray() },
                },
            };
    }

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
