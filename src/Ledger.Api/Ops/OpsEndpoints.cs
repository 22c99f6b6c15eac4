using Ledger.Api.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ledger.Projections.Admission;
using Npgsql;
using Prometheus;

namespace Ledger.Api.Ops;

/// <summary>Probes and metrics for operators: /healthz (process), /readyz (can take traffic), /metrics (Prometheus exposition, see <see cref="GatewayMetrics"/>).</summary>
public static class OpsEndpoints
{
    public static WebApplication MapOps(this WebApplication app)
    {
        // minimal-API endpoints over HealthCheckService rather than MapHealthChecks: these stay in the OpenAPI document
        // with their answer shapes, and /readyz keeps its codes and its anonymous/operator split.
        // Liveness runs no check (none is tagged live): answering at all is the proof the process is up.
        app.MapGet("/healthz", async (HealthCheckService health, CancellationToken ct) =>
        {
            var report = await health.CheckHealthAsync(c => c.Tags.Contains("live"), ct);
            return Results.Json(new Health(report.Status == HealthStatus.Healthy ? "ok" : "unhealthy"),
                statusCode: report.Status == HealthStatus.Healthy ? 200 : 503);
        }).Produces<Health>().WithTags("Ops");

        // anyone may probe; only the operator token sees why (database errors and a paused projection's
        // stored exception say things about the deployment that an anonymous caller has no use for)
        app.MapGet("/readyz", async (HttpContext http, HealthCheckService health, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var report = await ReadinessAsync(health, ct);
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
        LedgerGauges.Register(metrics.Registry, app.Services.GetRequiredService<NpgsqlDataSource>(), app.Services.GetRequiredService<global::Marten.IDocumentStore>());
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
    public static async Task<Readiness> ReadinessAsync(HealthCheckService health, CancellationToken ct) =>
        ReadinessChecks.ToReadiness(await health.CheckHealthAsync(c => c.Tags.Contains(ReadinessChecks.ReadyTag), ct));
}
