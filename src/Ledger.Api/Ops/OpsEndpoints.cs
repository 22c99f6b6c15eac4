using System.Globalization;
using System.Text;
using Ledger.Projections;
using Npgsql;

namespace Ledger.Api.Ops;

/// <summary>Probes and metrics for operators: /healthz (process), /readyz (can take traffic), /metrics (Prometheus text).</summary>
public static class OpsEndpoints
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static WebApplication MapOps(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithTags("Ops");

        app.MapGet("/readyz", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            var report = await ReadinessAsync(db, ct);
            return Results.Json(report, statusCode: report.Ready ? 200 : 503);
        }).WithTags("Ops");

        app.MapGet("/metrics", async (GatewayMetrics metrics, NpgsqlDataSource db, CancellationToken ct) =>
        {
            var text = new StringBuilder();
            metrics.Write(text);
            WriteProcess(text);
            await WriteLedgerGaugesAsync(db, text, ct);
            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        }).WithTags("Ops");
        return app;
    }

    public sealed record Readiness(bool Ready, string Status, DatabaseCheck Database, MigrationsCheck? Migrations, ProjectionsCheck? Projections);

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

    /// <summary>The process's CPU, memory and allocations: what a request costs the node, divided by the request count.</summary>
    private static void WriteProcess(StringBuilder o)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        o.AppendLine("# HELP process_cpu_seconds_total User and system CPU time spent by this process.");
        o.AppendLine("# TYPE process_cpu_seconds_total counter");
        o.AppendLine(CultureInfo.InvariantCulture, $"process_cpu_seconds_total {process.TotalProcessorTime.TotalSeconds:0.###}");
        o.AppendLine("# HELP process_resident_memory_bytes Resident memory of this process.");
        o.AppendLine("# TYPE process_resident_memory_bytes gauge");
        o.AppendLine(CultureInfo.InvariantCulture, $"process_resident_memory_bytes {process.WorkingSet64}");
        o.AppendLine("# HELP dotnet_allocated_bytes_total Bytes allocated on the managed heap since the process started.");
        o.AppendLine("# TYPE dotnet_allocated_bytes_total counter");
        o.AppendLine(CultureInfo.InvariantCulture, $"dotnet_allocated_bytes_total {GC.GetTotalAllocatedBytes()}");
        o.AppendLine("# HELP dotnet_gc_collections_total Garbage collections by generation.");
        o.AppendLine("# TYPE dotnet_gc_collections_total counter");
        for (var g = 0; g <= GC.MaxGeneration; g++)
            o.AppendLine(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{g}\"}} {GC.CollectionCount(g)}");
    }

    /// <summary>Gauges read from the ledger itself; when the database is down only ledger_database_up 0 is written.</summary>
    private static async Task WriteLedgerGaugesAsync(NpgsqlDataSource db, StringBuilder o, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        var lines = new StringBuilder();
        var up = 1;
        try
        {
            await using var c = await db.OpenConnectionAsync(timeout.Token);
            await using (var cmd = new NpgsqlCommand("select count(*) from open_reservations", c))
            {
                var open = (long)(await cmd.ExecuteScalarAsync(timeout.Token))!;
                lines.AppendLine("# HELP ledger_reservations_open Admitted requests whose completion is not recorded yet (as far as the reservations read model has read).");
                lines.AppendLine("# TYPE ledger_reservations_open gauge");
                lines.AppendLine(CultureInfo.InvariantCulture, $"ledger_reservations_open {open}");
            }
            await using (var cmd = new NpgsqlCommand("""
                select c.name, c.state, greatest((select coalesce(max(seq), 0) from events) - c.seq, 0),
                       extract(epoch from now() - c.updated_at)
                  from projection_checkpoints c order by c.name
                """, c))
            {
                await using var r = await cmd.ExecuteReaderAsync(timeout.Token);
                lines.AppendLine("# HELP ledger_projection_lag_events Events appended that a projection has not applied yet.");
                lines.AppendLine("# TYPE ledger_projection_lag_events gauge");
                var paused = new StringBuilder();
                while (await r.ReadAsync(timeout.Token))
                {
                    var name = r.GetString(0).Replace("\\", "\\\\").Replace("\"", "\\\"");
                    lines.AppendLine(CultureInfo.InvariantCulture, $"ledger_projection_lag_events{{projection=\"{name}\"}} {r.GetInt64(2)}");
                    paused.AppendLine(CultureInfo.InvariantCulture, $"ledger_projection_paused{{projection=\"{name}\"}} {(r.GetString(1) == "paused" ? 1 : 0)}");
                }
                lines.AppendLine("# HELP ledger_projection_paused 1 when a projection stopped on an error and waits for an operator.");
                lines.AppendLine("# TYPE ledger_projection_paused gauge");
                lines.Append(paused);
            }
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            up = 0;
            lines.Clear();
        }
        o.AppendLine("# HELP ledger_database_up 1 when this node reached the ledger database for this scrape.");
        o.AppendLine("# TYPE ledger_database_up gauge");
        o.AppendLine(CultureInfo.InvariantCulture, $"ledger_database_up {up}");
        o.Append(lines);
    }
}
