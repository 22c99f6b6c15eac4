using System.Data;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.EventStore;

public sealed partial class ProjectionDaemon
{
    private static readonly TimeSpan BlockedRetry = TimeSpan.FromMilliseconds(100);

    private async Task LeadAsync(NpgsqlConnection connection, IAsyncProjection projection, Pulse pulse, CancellationToken stopping)
    {
        var (seen, paused) = await ProjectionSql.ReadCheckpointAsync(connection, null, projection.Name, forUpdate: false, stopping);
        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            if (paused)
            {
                // keep the lock so resuming needs no failover; re-read the state on each wake-up
                await pulse.WaitAsync(_options.PollInterval, stopping);
                (seen, paused) = await ProjectionSql.ReadCheckpointAsync(connection, null, projection.Name, forUpdate: false, stopping);
                continue;
            }

            var step = await RunBatchAsync(connection, projection, seen, stopping);
            switch (step)
            {
                case BatchStep.Applied applied:
                    seen = applied.Checkpoint;
                    if (applied.Count < _options.BatchSize)
                        await Task.Delay(_options.MinBatchInterval, stopping);
                    break;
                case BatchStep.Moved moved:
                    (seen, paused) = (moved.Checkpoint, moved.Paused);
                    break;
                case BatchStep.Failed failed:
                    await PauseAsync(connection, projection.Name, failed.Error, stopping);
                    paused = true;
                    break;
                case BatchStep.CaughtUp:
                    await pulse.WaitAsync(_options.PollInterval, stopping);
                    break;
                case BatchStep.WaitingForOlderTransaction:
                    // committed events wait behind a still-running older transaction (possibly in
                    // another database: xmin is cluster-wide); no notification will say when it ends
                    await pulse.WaitAsync(TimeSpan.FromTicks(Math.Min(_options.PollInterval.Ticks, BlockedRetry.Ticks)), stopping);
                    break;
            }
        }
    }

    /// <summary>
    /// One batch, one transaction: lock the checkpoint and confirm nobody (a rebuild, a previous
    /// leader) moved it, apply, advance it. So an event is applied exactly once.
    /// </summary>
    private async Task<BatchStep> RunBatchAsync(NpgsqlConnection connection, IAsyncProjection projection, Checkpoint seen, CancellationToken stopping)
    {
        await using var tx = await connection.BeginTransactionAsync(stopping);
        var (current, paused) = await ProjectionSql.ReadCheckpointAsync(connection, tx, projection.Name, forUpdate: true, stopping);
        if (current != seen || paused)
            return new BatchStep.Moved(current, paused);

        try
        {
            var events = _batches.Find(seen);
            if (events is null)
            {
                events = await ProjectionSql.ReadBatchAsync(connection, tx, seen, _options.BatchSize, registry, stopping);
                _batches.Remember(seen, events);
            }
            if (events.Count == 0)
                return await ProjectionSql.AnyAfterAsync(connection, tx, seen, stopping)
                    ? new BatchStep.WaitingForOlderTransaction()
                    : new BatchStep.CaughtUp();
            await projection.ApplyAsync(connection, tx, events, stopping);
            var next = ProjectionSql.After(events);
            await ProjectionSql.WriteCheckpointAsync(connection, tx, projection.Name, next, stopping);
            await tx.CommitAsync(stopping);
            return new BatchStep.Applied(next, events.Count);
        }
        catch (Exception e) when (connection.FullState == ConnectionState.Open && !stopping.IsCancellationRequested)
        {
            // the connection is fine, so the projection (or an event it cannot read) is at fault
            return new BatchStep.Failed(e);
        }
    }

    private async Task PauseAsync(NpgsqlConnection connection, string name, Exception error, CancellationToken ct)
    {
        _logger.LogError(error, "Projection {Projection} paused", name);
        await using var command = new NpgsqlCommand(
            "update projection_checkpoints set state = 'paused', error = $2, updated_at = now() where name = $1", connection);
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = $"{error.GetType().Name}: {error.Message}" });
        await command.ExecuteNonQueryAsync(ct);
    }

    private abstract record BatchStep
    {
        public sealed record Applied(Checkpoint Checkpoint, int Count) : BatchStep;
        public sealed record Moved(Checkpoint Checkpoint, bool Paused) : BatchStep;
        public sealed record Failed(Exception Error) : BatchStep;
        public sealed record CaughtUp : BatchStep;
        public sealed record WaitingForOlderTransaction : BatchStep;
    }
}
