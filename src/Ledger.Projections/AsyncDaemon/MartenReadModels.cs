using JasperFx.Events.Projections;
using Ledger.Projections.Activity;
using Ledger.Projections.Admission;
using Ledger.Projections.Invoices;
using Ledger.Projections.Usage;
using JasperFx.Events.Daemon;
using Marten;

namespace Ledger.Projections.AsyncDaemon;

/// <summary>The read models of <see cref="LedgerProjections.Async"/> as Marten async projections, and the daemon settings they need.</summary>
public static class MartenReadModels
{
    /// <summary>A fresh set per store: Marten keeps per-store state on a registered projection.</summary>
    public static IReadOnlyList<MartenReadModel> Create() =>
    [
        new(new ActivityProjection(), ActivityProjection.Tables),
        new(new UsageProjection(), UsageProjection.Tables),
        new(new InvoiceProjection(), InvoiceProjection.Tables),
        new(new ReservationProjection(), ReservationProjection.Tables),
    ];

    /// <summary>
    /// Registers every read model as an async projection (<see cref="ConfigureDaemon"/> included) with
    /// headers on: the actor and org of every event travel in them.
    /// </summary>
    public static void AddTo(StoreOptions options)
    {
        ConfigureDaemon(options);
        options.Events.MetadataConfig.HeadersEnabled = true;
        foreach (var model in Create())
            options.Projections.Add(model, ProjectionLifecycle.Async);
    }

    /// <summary>
    /// What keeps async projections exact on top of <see cref="Ledger.Marten.LedgerMarten.Configure"/>
    /// (which pauses on apply errors instead of skipping):
    /// <list type="bullet">
    /// <item>a sequence gap is skipped only once PostgreSQL shows no live transaction that could fill it
    /// (<c>UseTransactionEvidenceForGapSkipping</c>, with no <c>SkipStaleGapsDespiteLiveTransactionsAfter</c>
    /// cap): a slow writer's events are waited for however long it stays open, a rolled-back append's
    /// hole is skipped after <c>StaleSequenceThreshold</c>;</item>
    /// <item>each shard's status, pause reason and owning node are written to <c>mt_event_progression</c>
    /// (<c>EnableExtendedProgressionTracking</c>), so any node reports a projection another node runs.</item>
    /// </list>
    /// </summary>
    public static void ConfigureDaemon(StoreOptions options)
    {
        options.Events.EnableExtendedProgressionTracking = true;
        options.Projections.UseTransactionEvidenceForGapSkipping = true;
        options.Projections.SkipStaleGapsDespiteLiveTransactionsAfter = null;
        // how often a node without a projection tries its advisory lock: a dead leader's projections move
        // within about this long once PostgreSQL has dropped its connection (Marten's default is 5 s)
        options.Projections.LeadershipPollingTime = 1000;
    }

    /// <summary>
    /// Starts a paused (or stopped) read model again on <paramref name="daemon"/>, from its last
    /// committed position: the page that failed is applied again, nothing is skipped.
    /// </summary>
    public static async Task ResumeAsync(IDocumentStore store, IProjectionDaemon daemon, string name, CancellationToken ct = default)
    {
        var shards = store.Advanced.AllAsyncProjectionShardNames().Where(s => s.Name == name).ToList();
        if (shards.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(name), $"No async projection is named '{name}'.");
        foreach (var shard in shards)
            await daemon.StartAgentAsync(shard, ct);
    }
}
