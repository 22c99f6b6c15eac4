using Ledger.Api.Http;
using Ledger.Projections;
using Ledger.Projections.Admission;
using Npgsql;
using Prometheus;

namespace Ledger.Api.Ops;

/// <summary>Probes and metrics for operators: /healthz (process), /readyz (can take traffic), /metrics (Prometheus exposition, see <see cref="GatewayMetrics"/>).</summary>
public static class OpsEndpoints
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static WebApplication MapOps(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new Health("ok"))).Produces<Health>().WithTags("Ops");

        // anyone may probe; only the operator token sees why (database errors and a paused projection's
        // stored exception say things about the deployment that an anonymous caller has no use for)
        app.MapGet("/readyz", async (HttpContext http, NpgsqlDataSource db, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var report = await ReadinessAsync(db, ct);
            if (!report.Ready)
                loggers.CreateLogger("Ledger.Readiness").LogWarning("Not ready ({Code}): database {Database}, paused projections {Paused}",
                    report.Code, report.Database.Error ?? "ok", string.Join("; ", report.Projections?.Paused.Select(p => $"{p.Name}: {p.Error}") ?? []));
            var status = report.Ready ? 200 : 503;
            return OperatorAuthentication.IsOperator(http)
                ? Results.Json(report, statusCode: status)
                : Results.Json(new PublicReadiness(report.Ready, report.Status, report.Code, report.Message), statusCode: status);
        }).Produces<PublicReadiness>().Produces<PublicReadiness>(StatusCodes.Status503ServiceUnavailable).WithTags("Ops")
        .WithDescription("Anonymous callers get ready, status, code and message; the operator token also gets the database, migrations and projections checks.");

        // prometheus-net writes the exposition; the ledger's gauges are read from the database at each scrape
        var metrics = app.Services.GetRequiredService<GatewayMetrics>();
        LedgerGauges.Register(metrics.Registry, app.Services.GetRequiredService<NpgsqlDataSource>());
        var writer = app.Services.GetRequiredService<RequestLedger>();
        metrics.WatchWriter(() => writer.LockedBatches);
        app.MapMetrics("/metrics", metrics.Registry).WithTags("Ops");
        return app;
    }

    /// <param name="Code">ready, database_unreachable, migrations_pending or projection_paused.</param>
    public sealed record Readiness(bool Ready, string Status, DatabaseCheck Database, MigrationsCheck? Migrations, ProjectionsCheck? Projections)
    {
        public string Code => !Database.Ok ? "database_unreachable"
            : Migrations is { Ok: false } ? "migrations_pending"
            : Projections is { Ok: false } ? "projection_paused"
            : "ready";

        public string Message => Code switch
        {
            "database_unreachable" => "The ledger database is unreachable.",
            "migrations_pending" => "The database schema is not at this build's version yet.",
            "projection_paused" => "A read model is paused and waits for an operator.",
            _ => "Ready to take traffic.",
        };
    }

    /// <summary>What an anonymous probe sees: the verdict, never the errors behind it.</summary>
    public sealed record PublicReadiness(bool Ready, string Status, string Code, string Message);

    public sealed record Health(string Status);

    public sealed record DatabaseCheck(bool Ok, string? Error);

    public sealed record MigrationsCheck(bool Ok, int Applied, int Expected);

    public sealed record ProjectionsCheck(bool Ok, IReadOnlyList<PausedProjection> Paused);

    public sealed record PausedProjection(string Name, string? Error);

    /// <summary>Database reachable, schema at the highest migration this build knows, no projection paused.</summary>
    public static async Task<Readiness> ReadinessAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await using var c = await db.OpenConnectionAsync(timeout.Token);
            var expected = LedgerSchema.All.Max(m => m.Version);
            var applied = 0;
            var paused = new List<PausedProjection>();
            try
            {
                await using (var cmd = new NpgsqlCommand("select coalesce(max(version), 0) from schema_migrations", c))
                    applied = (int)(await cmd.ExecuteScalarAsync(timeout.Token))!;
                await using var list = new NpgsqlCommand("select name, error from projection_checkpoints where state = 'paused' order by name", c);
                await using var r = await list.ExecuteReaderAsync(timeout.Token);
                while (await r.ReadAsync(timeout.Token)) paused.Add(new PausedProjection(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // not migrated at all yet: applied stays 0
            }
            var migrations = new MigrationsCheck(applied == expected, applied, expected);
            var projections = new ProjectionsCheck(paused.Count == 0, paused);
            var ready = migrations.Ok && projections.Ok;
            return new Readiness(ready, ready ? "ready" : "not_ready", new DatabaseCheck(true, null), migrations, projections);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            return new Readiness(false, "not_ready", new DatabaseCheck(false, e is OperationCanceledException
                ? $"no answer from the database within {ProbeTimeout.TotalSeconds:0} s" : e.Message), null, null);
        }
    }
}
