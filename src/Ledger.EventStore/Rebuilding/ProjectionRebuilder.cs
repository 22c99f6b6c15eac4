using System.Diagnostics;
using Npgsql;

namespace Ledger.EventStore;

public sealed record RebuildProgress(long EventsDone, long EventsTotal, double EventsPerSecond);

/// <summary>
/// Empties a projection and replays every event into it in one transaction, so readers keep
/// seeing the old read model until the rebuilt one commits.
/// </summary>
public sealed class ProjectionRebuilder(NpgsqlDataSource dataSource, EventTypeRegistry registry)
{
    public async Task<RebuildProgress> RebuildAsync(
        IAsyncProjection projection, IProgress<RebuildProgress>? progress = null, int batchSize = 5000, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await ProjectionSql.EnsureCheckpointAsync(connection, null, projection.Name, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // the daemon's next batch waits on this lock, then finds the checkpoint moved and reloads it
        await ProjectionSql.ReadCheckpointAsync(connection, tx, projection.Name, forUpdate: true, ct);
        await projection.ResetAsync(connection, tx, ct);

        var total = await CountAsync(connection, tx, ct);
        var clock = Stopwatch.StartNew();
        var done = 0L;
        var checkpoint = Checkpoint.Start;
        while (true)
        {
            var events = await ProjectionSql.ReadBatchAsync(connection, tx, checkpoint, batchSize, registry, ct);
            if (events.Count == 0)
                break;
            await projection.ApplyAsync(connection, tx, events, ct);
            checkpoint = ProjectionSql.After(events);
            done += events.Count;
            progress?.Report(Progress(done, Math.Max(total, done), clock));
        }

        await ProjectionSql.WriteCheckpointAsync(connection, tx, projection.Name, checkpoint, ct);
        await tx.CommitAsync(ct);
        var result = Progress(done, done, clock);
        progress?.Report(result);
        return result;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select count(*) from events where tx_id < pg_snapshot_xmin(pg_current_snapshot())", connection, tx);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static RebuildProgress Progress(long done, long total, Stopwatch clock) =>
        new(done, total, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-6));
}
