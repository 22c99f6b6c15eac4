using JasperFx.Events.Projections;
using Marten;

namespace Ledger.Projections.AsyncDaemon;

/// <summary>
/// One async projection as <c>status</c> and <c>/readyz</c> report it, from <c>mt_event_progression</c>:
/// whichever node runs it, or none.
/// </summary>
/// <param name="Position">Every event at or below it is in the read model.</param>
/// <param name="HighWaterMark">Every event at or below it is committed (Marten's gap-safe mark).</param>
/// <param name="AgentStatus">"Running", "Paused", "Stopped", or null while no daemon has reported it.</param>
/// <param name="PauseReason">The error that paused it: the projection waits at <paramref name="Position"/>, skipping nothing.</param>
/// <param name="RunningOnNode">The daemon node that owns it (HotCold leadership), when known.</param>
public sealed record ReadModelStatus(
    string Name, long Position, long HighWaterMark, string? AgentStatus, string? PauseReason, int? RunningOnNode, DateTimeOffset? LastHeartbeat)
{
    public long EventsBehind => Math.Max(0, HighWaterMark - Position);
    public bool IsPaused => AgentStatus is "Paused" or "Stopped" && PauseReason is not null;

    /// <summary>Each async projection of <paramref name="store"/> (needs <c>EnableExtendedProgressionTracking</c>, which <see cref="MartenReadModels.AddTo"/> sets).</summary>
    public static async Task<IReadOnlyList<ReadModelStatus>> ReadAsync(IDocumentStore store, CancellationToken ct = default)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var mark = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        return store.Advanced.AllAsyncProjectionShardNames().Select(shard =>
        {
            var state = progress.FirstOrDefault(p => p.ShardName == shard.Identity);
            return new ReadModelStatus(shard.Name, state?.Sequence ?? 0, mark, state?.AgentStatus, state?.PauseReason, state?.RunningOnNode, state?.LastHeartbeat);
        }).ToList();
    }
}
