using JasperFx.Events.Daemon;
using Ledger.Projections;
using Ledger.Projections.AsyncDaemon;
using Marten;
using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>
/// Runs an operator's <c>ledger resume</c> or <c>ledger rebuild</c> on whichever node runs that read
/// model. Marten's daemon restarts or rebuilds an agent only in its own process, and the command line
/// is another one (a rebuild there would race the node still applying new events into the same tables),
/// so the request is a row in <c>projection_requests</c>: every node looks every second, and the node
/// whose daemon holds that read model (a paused agent stays there) does it and deletes the row.
/// </summary>
public sealed class ProjectionRequests(NpgsqlDataSource db, IDocumentStore store, IProjectionCoordinator coordinator, ILogger<ProjectionRequests> log)
    : BackgroundService
{
    public const string Table = "projection_requests";

    /// <summary>How long a rebuild may take before the node gives it up (it can be asked again).</summary>
    public static readonly TimeSpan RebuildTimeout = TimeSpan.FromHours(2);

    /// <summary>Asks the node that runs <paramref name="name"/> to <paramref name="action"/> it ("resume" or "rebuild").</summary>
    public static async Task RequestAsync(NpgsqlDataSource db, string name, string action, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            $"insert into {Table} (name, action) values ($1, $2) on conflict (name, action) do update set requested_at = now()");
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = action });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>True once no request for <paramref name="name"/> and <paramref name="action"/> is waiting.</summary>
    public static async Task<bool> ServedAsync(NpgsqlDataSource db, string name, string action, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"select not exists (select 1 from {Table} where name = $1 and action = $2)");
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = action });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(ct))
        {
            try { await ServeAsync(ct); }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                log.LogDebug(e, "Could not serve projection requests; trying again in a second.");
            }
        }
    }

    private async Task ServeAsync(CancellationToken ct)
    {
        var requests = new List<(string Name, string Action)>();
        await using (var list = db.CreateCommand($"select name, action from {Table} order by requested_at"))
        await using (var reader = await list.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) requests.Add((reader.GetString(0), reader.GetString(1)));
        if (requests.Count == 0) return;

        // one node runs each read model (an advisory lock each); the others leave its rows to that one
        var daemon = coordinator.DaemonForMainDatabase();
        var mine = daemon.CurrentAgents().Select(a => a.Name.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, action) in requests.Where(r => mine.Contains(r.Name)))
        {
            if (action == "rebuild")
            {
                log.LogInformation("Rebuilding read model {Name} on request.", name);
                await daemon.RebuildProjectionAsync(name, RebuildTimeout, ct);
                // Marten leaves the rebuilt agent stopped; from its new position it goes on with new events
                await MartenReadModels.ResumeAsync(store, daemon, name, ct);
                log.LogInformation("Read model {Name} rebuilt up to event {Position}.", name, await LedgerProjections.PositionAsync(db, name, ct));
            }
            else
            {
                await MartenReadModels.ResumeAsync(store, daemon, name, ct);
                log.LogInformation("Read model {Name} resumed on request.", name);
            }
            await using var done = db.CreateCommand($"delete from {Table} where name = $1 and action = $2");
            done.Parameters.Add(new() { Value = name });
            done.Parameters.Add(new() { Value = action });
            await done.ExecuteNonQueryAsync(ct);
        }
    }
}
