using Ledger.EventStore;
using Ledger.Projections;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>
/// Runs the projection daemon on this node (after StartupMigrations, which is registered first).
/// Every node runs one; advisory locks make a single node apply each projection.
/// </summary>
public sealed class DaemonService(NpgsqlDataSource db, EventTypeRegistry registry, IOptions<LedgerOptions> options, ILogger<ProjectionDaemon> log)
    : IHostedService, IAsyncDisposable
{
    private readonly ProjectionDaemon? _daemon = options.Value.RunDaemon
        ? new ProjectionDaemon(db, registry, LedgerProjections.Async, new ProjectionDaemonOptions { NodeName = options.Value.NodeName }, log)
        : null;

    public Task StartAsync(CancellationToken ct) => _daemon?.StartAsync(ct) ?? Task.CompletedTask;

    private Task? _stopped;

    /// <summary>
    /// The host may stop this service and dispose it at the same moment (WebApplicationFactory
    /// does); ProjectionDaemon.StopAsync is not safe to enter twice, so every caller awaits one stop.
    /// </summary>
    public Task StopAsync(CancellationToken ct) =>
        _daemon is null ? Task.CompletedTask : LazyInitializer.EnsureInitialized(ref _stopped, () => _daemon.StopAsync(CancellationToken.None));

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
