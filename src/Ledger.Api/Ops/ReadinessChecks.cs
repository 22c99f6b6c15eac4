using Ledger.Projections;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using static Ledger.Api.Ops.OpsEndpoints;

namespace Ledger.Api.Ops;

/// <summary>
/// The checks behind /readyz on ASP.NET Core HealthChecks: the database answers (HealthChecks.NpgSql), the schema
/// is at this build's highest migration, no projection is paused. Each runs under the probe timeout.
/// </summary>
public static class ReadinessChecks
{
    public const string ReadyTag = "ready";
    public const string Database = "database";
    public const string Migrations = "migrations";
    public const string Projections = "projections";
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddLedgerHealthChecks(this IServiceCollection services)
    {
        string[] ready = [ReadyTag];
        services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: Database, tags: ready, timeout: ProbeTimeout)
            .AddCheck<MigrationsHealthCheck>(Migrations, tags: ready, timeout: ProbeTimeout)
            .AddCheck<PausedProjectionsHealthCheck>(Projections, tags: ready, timeout: ProbeTimeout);
        return services;
    }

    /// <summary>Today's readiness answer from a report of the checks above; the database's failure hides the rest.</summary>
    public static Readiness ToReadiness(HealthReport report)
    {
        // a check that gave no verdict of its own (it threw, or timed out) could not ask the database
        var unreachable = new[] { Database, Migrations, Projections }
            .Select(name => (Name: name, Entry: report.Entries[name]))
            .Where(c => c.Entry.Status != HealthStatus.Healthy && !c.Entry.Data.ContainsKey(c.Name))
            .Select(c => (HealthReportEntry?)c.Entry).FirstOrDefault();
        if (unreachable is { } failed)
            return new Readiness(false, "not_ready", new DatabaseCheck(false, DatabaseError(failed)), null, null);

        var migrations = (MigrationsCheck)report.Entries[Migrations].Data[Migrations];
        var projections = (ProjectionsCheck)report.Entries[Projections].Data[Projections];
        var ready = migrations.Ok && projections.Ok;
        return new Readiness(ready, ready ? "ready" : "not_ready", new DatabaseCheck(true, null), migrations, projections);
    }

    private static string DatabaseError(HealthReportEntry e) => e.Exception switch
    {
        OperationCanceledException or TimeoutException => $"no answer from the database within {ProbeTimeout.TotalSeconds:0} s",
        { } ex => ex.Message,
        null => e.Description ?? "the database check failed",
    };

    private static HealthCheckResult Verdict(bool ok, string key, object check) =>
        new(ok ? HealthStatus.Healthy : HealthStatus.Unhealthy, data: new Dictionary<string, object> { [key] = check });

    /// <summary>Applied versus expected migration version; a database not migrated at all has applied 0.</summary>
    internal sealed class MigrationsHealthCheck(NpgsqlDataSource db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var expected = LedgerSchema.All.Max(m => m.Version);
            var applied = 0;
            try
            {
                await using var cmd = db.CreateCommand("select coalesce(max(version), 0) from schema_migrations");
                applied = (int)(await cmd.ExecuteScalarAsync(ct))!;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // not migrated at all yet: applied stays 0
            }
            return Verdict(applied == expected, Migrations, new MigrationsCheck(applied == expected, applied, expected));
        }
    }

    /// <summary>Projections stopped on an event they could not apply, with the error each stored.</summary>
    internal sealed class PausedProjectionsHealthCheck(IDocumentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var paused = new List<PausedProjection>();
            try
            {
                paused.AddRange((await LedgerProjections.StatusAsync(store, ct))
                    .Where(s => s.IsPaused).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new PausedProjection(s.Name, s.PauseReason)));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // not migrated at all yet: the migrations check says so
            }
            return Verdict(paused.Count == 0, Projections, new ProjectionsCheck(paused.Count == 0, paused));
        }
    }
}
