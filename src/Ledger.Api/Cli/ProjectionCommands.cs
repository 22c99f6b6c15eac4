using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ledger.Api.Hosting;
using Ledger.EventStore;
using Ledger.Projections;
using Spectre.Console;

namespace Ledger.Api.Cli;

/// <summary>rebuild, status, resume, verify: the read models and the chain from the command line.</summary>
internal static class ProjectionCommands
{
    public static Command Rebuild()
    {
        var name = new Argument<string>("projection") { Description = $"One of {Names} or all" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each rebuild", DefaultValueFactory = _ => 7200 };
        var command = new Command("rebuild",
            "Empty a read model and replay every event into it with Marten's daemon: on the gateway node that runs it, or here when no node does.") { name, timeout };
        command.SetAction(async (result, ct) =>
        {
            var wanted = result.GetValue(name)!;
            var projections = wanted.Equals("all", StringComparison.OrdinalIgnoreCase) ? LedgerProjections.Async
                : LedgerProjections.Find(wanted) is { } p ? [p] : null;
            if (projections is null)
            {
                await Console.Error.WriteLineAsync($"No projection named '{wanted}' (known: {Names}, all).");
                return 2;
            }
            await using var db = LedgerCommands.OpenDatabase();
            using var store = LedgerStore.Open(db);
            var wait = TimeSpan.FromSeconds(result.GetValue(timeout));
            foreach (var projection in projections)
            {
                var clock = Stopwatch.StartNew();
                if (await RunningAsync(store, projection.Name, ct))
                {
                    // a node applies new events into this read model: it must be the one to rebuild it
                    await ProjectionRequests.RequestAsync(db, projection.Name, "rebuild", ct);
                    Console.WriteLine($"{projection.Name}: rebuilding on the node that runs it…");
                    if (!await ServedWithinAsync(db, projection.Name, "rebuild", wait, ct))
                    {
                        await Console.Error.WriteLineAsync($"{projection.Name}: not rebuilt within {wait.TotalSeconds:0} s; the request stays queued ('ledger status' shows the read model).");
                        return 1;
                    }
                }
                else
                {
                    using var daemon = await store.BuildProjectionDaemonAsync();
                    await daemon.RebuildProjectionAsync(projection.Name, wait, ct);
                }
                var position = await LedgerProjections.PositionAsync(db, projection.Name, ct);
                Console.WriteLine($"{projection.Name}: rebuilt up to event {position:N0} in {clock.Elapsed.TotalSeconds:N1} s");
            }
            return 0;
        });
        return command;
    }

    public static Command Status()
    {
        var command = new Command("status", "Each read model's position, lag, state and node; paused ones with their error.");
        command.SetAction(async (_, ct) =>
        {
            await using var db = LedgerCommands.OpenDatabase();
            using var store = LedgerStore.Open(db);
            var table = new Table().AddColumns("projection", "position", "high-water mark", "events behind", "state", "node", "heartbeat", "error");
            var anyPaused = false;
            foreach (var s in await LedgerProjections.StatusAsync(store, ct))
            {
                anyPaused |= s.IsPaused;
                table.AddRow(s.Name, s.Position.ToString(CultureInfo.InvariantCulture), s.HighWaterMark.ToString(CultureInfo.InvariantCulture),
                    s.EventsBehind.ToString(CultureInfo.InvariantCulture),
                    s.IsPaused ? "[red]paused[/]" : Markup.Escape(s.AgentStatus ?? "not running"),
                    s.RunningOnNode?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    s.LastHeartbeat?.ToString("u", CultureInfo.InvariantCulture) ?? "-", Markup.Escape(s.PauseReason ?? ""));
            }
            AnsiConsole.Write(table);
            return anyPaused ? 3 : 0;
        });
        return command;
    }

    public static Command Resume()
    {
        var name = new Argument<string>("projection") { Description = $"One of {Names}" };
        var command = new Command("resume", "Start a paused read model again from its last committed position, on the node that runs it.") { name };
        command.SetAction(async (result, ct) =>
        {
            if (LedgerProjections.Find(result.GetValue(name)!) is not { } projection)
            {
                await Console.Error.WriteLineAsync($"No projection named '{result.GetValue(name)}' (known: {Names}).");
                return 2;
            }
            await using var db = LedgerCommands.OpenDatabase();
            await ProjectionRequests.RequestAsync(db, projection.Name, "resume", ct);
            if (!await ServedWithinAsync(db, projection.Name, "resume", TimeSpan.FromSeconds(30), ct))
            {
                await Console.Error.WriteLineAsync(
                    $"{projection.Name}: no node took the request within 30 s (is a gateway running it? 'ledger status' shows its node); it stays queued.");
                return 1;
            }
            Console.WriteLine($"{projection.Name} resumed from its last committed position.");
            return 0;
        });
        return command;
    }

    public static Command Verify()
    {
        var command = new Command("verify", "Check every event against its hash chain: exit 1 with the first bad event, or OK with the count.");
        command.SetAction(async (_, ct) =>
        {
            await using var db = LedgerCommands.OpenDatabase();
            var result = await new ChainVerifier(db).VerifyAsync(ct);
            if (result.Ok)
            {
                Console.WriteLine($"OK: {result.EventsChecked:N0} events verified.");
                return 0;
            }
            var p = result.FirstProblem!;
            Console.WriteLine($"FAILED: {p.Kind} at seq {p.Seq?.ToString(CultureInfo.InvariantCulture) ?? "-"}, stream {p.StreamId} version {p.Version}: {p.Message}");
            return 1;
        });
        return command;
    }

    /// <summary>True when a gateway node's daemon holds <paramref name="projection"/> (its heartbeat is recent).</summary>
    private static async Task<bool> RunningAsync(global::Marten.IDocumentStore store, string projection, CancellationToken ct) =>
        (await LedgerProjections.StatusAsync(store, ct)).Any(s => s.Name == projection && s.RunningOnNode is not null
            && s.LastHeartbeat is { } beat && DateTimeOffset.UtcNow - beat < TimeSpan.FromSeconds(30));

    private static async Task<bool> ServedWithinAsync(Npgsql.NpgsqlDataSource db, string name, string action, TimeSpan within, CancellationToken ct)
    {
        for (var deadline = DateTime.UtcNow + within; DateTime.UtcNow < deadline; await Task.Delay(500, ct))
            if (await ProjectionRequests.ServedAsync(db, name, action, ct)) return true;
        return false;
    }

    private static string Names => string.Join(", ", LedgerProjections.Async.Select(p => p.Name));
}
