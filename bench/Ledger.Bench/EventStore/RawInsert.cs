using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Ledger.EventStore;

namespace Ledger.Bench.EventStore;

/// <summary>The baseline: the same rows into a plain table with one multi-row INSERT, no function, no chain.</summary>
internal static class RawInsert
{
    private const string Sql = """
        insert into raw_events (id, stream_id, version, type, data, metadata, org_id, occurred_at, hash, prev_hash)
        select id, stream_id, version, 'Bench.Deposited', data, $5, null, $6, $7, null
          from unnest($1::uuid[], $2::text[], $3::int[], $4::jsonb[]) as u(id, stream_id, version, data)
        """;

    private static readonly string Metadata = JsonSerializer.Serialize(EventMetadata.System(), EventTypeRegistry.JsonOptions);
    private static readonly byte[] Hash = SHA256.HashData("bench"u8);

    /// <param name="data">Each row's JSON (serialised per row, as a store would); a <c>Deposited</c> by default.</param>
    public static async Task<int> InsertAsync(NpgsqlDataSource dataSource, IReadOnlyList<(string Stream, int Version)> rows, Func<string>? data = null)
    {
        data ??= () => JsonSerializer.Serialize(new Deposited(Guid.NewGuid(), 12.5m, "EUR"), EventTypeRegistry.JsonOptions);
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new() { Value = rows.Select(_ => Guid.NewGuid()).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Stream).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Version).ToArray() });
        command.Parameters.Add(new()
        {
            Value = rows.Select(_ => data()).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        });
        command.Parameters.Add(new() { Value = Metadata, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = DateTimeOffset.UtcNow });
        command.Parameters.Add(new() { Value = Hash });
        await command.ExecuteNonQueryAsync();
        return rows.Count;
    }
}
