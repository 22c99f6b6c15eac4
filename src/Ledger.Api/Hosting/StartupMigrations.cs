using Ledger.EventStore;
using Ledger.Projections;
using Marten;
using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>
/// Brings the schema up to date before the gateway takes traffic (idempotent, safe on every node):
/// Marten's event tables, then the read models'.
/// </summary>
public sealed class StartupMigrations(NpgsqlDataSource db, IDocumentStore marten) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await new MigrationRunner(db).ApplyAsync(LedgerSchema.All, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
