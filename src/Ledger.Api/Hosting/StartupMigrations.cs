using Ledger.EventStore;
using Ledger.Projections;
using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>Brings the schema up to date before the gateway takes traffic (idempotent, safe on every node).</summary>
public sealed class StartupMigrations(NpgsqlDataSource db) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => new MigrationRunner(db).ApplyAsync(LedgerSchema.All, ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
