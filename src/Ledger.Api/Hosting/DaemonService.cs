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

    public Task StopAsync(CancellationToken ct) => _daemon?.StopAsync(CancellationToken.None) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
