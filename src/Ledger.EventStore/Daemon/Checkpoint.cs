using Npgsql;

namespace Ledger.EventStore;

/// <summary>How far a projection has read: the (tx_id, seq) of the last event it applied.</summary>
public readonly record struct Checkpoint(ulong TxId, long Seq)
{
    public static readonly Checkpoint Start = new(0, 0);
}

/// <summary>The SQL the daemon and the rebuilder share for checkpoints and (tx_id, seq) reading.</summary>
internal static class ProjectionSql
{
    /// <summary>
    /// Only transactions older than every running one: their events are final, so nothing
    /// committed later can land behind the checkpoint, and a rolled-back one never blocks.
    /// </summary>
    internal static readonly string NextBatch = $"""
        select {EventRows.Columns} from events
         where (tx_id, seq) > ($1::text::xid8, $2)
           and tx_id < pg_snapshot_xmin(pg_current_snapshot())
         order by tx_id, seq
         limit $3
        """;

    public static async Task EnsureCheckpointAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "insert into projection_checkpoints (name) values ($1) on conflict do nothing", connection, tx);
        command.Parameters.Add(new() { Value = name });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Reads (and with <paramref name="forUpdate"/> locks) a projection's checkpoint row.</summary>
    public static async Task<(Checkpoint Checkpoint, bool Paused)> ReadCheckpointAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string name, bool forUpdate, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select tx_id::text, seq, state from projection_checkpoints where name = $1" + (forUpdate ? " for update" : ""), connection, tx);
        command.Parameters.Add(new() { Value = name });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            throw new InvalidOperationException($"Projection '{name}' has no checkpoint row.");
        return (new Checkpoint(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)), reader.GetString(2) == "paused");
    }

    public static async Task WriteCheckpointAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string name, Checkpoint checkpoint, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "update projection_checkpoints set tx_id = $2::text::xid8, seq = $3, state = 'running', error = null, updated_at = now() where name = $1",
            connection, tx);
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = checkpoint.TxId.ToString() });
        command.Parameters.Add(new() { Value = checkpoint.Seq });
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<List<RecordedEvent>> ReadBatchAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Checkpoint after, int batchSize, EventTypeRegistry registry, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(NextBatch, connection, tx);
        command.Parameters.Add(new() { Value = after.TxId.ToString() });
        command.Parameters.Add(new() { Value = after.Seq });
        command.Parameters.Add(new() { Value = batchSize });
        return await EventRows.ReadAllAsync(command, registry, ct);
    }

    /// <summary>
    /// A top-level ordered scan on purpose: the planner cannot estimate a row comparison on xid8, and
    /// for <c>exists (…)</c> it dropped the order and chose a sequential scan of the whole table
    /// (bench/gateway.sh --quick: 5.75 ms a call, 9 s of PostgreSQL time in a 90 s run, growing with the
    /// table; DaemonCostTests pins the index plan).
    /// </summary>
    internal const string AnyAfter = "select 1 from events where (tx_id, seq) > ($1::text::xid8, $2) order by tx_id, seq limit 1";

    /// <summary>Whether committed events exist past the checkpoint, eligible or not yet.</summary>
    public static async Task<bool> AnyAfterAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Checkpoint after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(AnyAfter, connection, tx);
        command.Parameters.Add(new() { Value = after.TxId.ToString() });
        command.Parameters.Add(new() { Value = after.Seq });
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public static Checkpoint After(IReadOnlyList<RecordedEvent> batch) => new(batch[^1].TxId, batch[^1].Seq);

    /// <summary>Prefix of a projection's advisory lock key (the status query recomputes the key in SQL).</summary>
    public const string LockPrefix = "ledger-projection:";

    public static string LockKey(string name) => LockPrefix + name;
}
