using System.CommandLine;
using System.Globalization;
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
        var batch = new Option<int>("--batch") { Description = "Events per batch", DefaultValueFactory = _ => 5000 };
        var command = new Command("rebuild", "Empty a read model and replay every event into it (one transaction: readers see the old one until it commits).") { name, batch };
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
            var rebuilder = new ProjectionRebuilder(db, LedgerEvents.CreateRegistry());
            var results = new List<(string Name, RebuildProgress Done)>();
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    foreach (var projection in projections)
                    {
                        var task = ctx.AddTask(projection.Name);
                        var done = await rebuilder.RebuildAsync(projection, new Reporter(p =>
                        {
                            task.MaxValue = Math.Max(1, p.EventsTotal);
                            task.Value = p.EventsDone;
                        }), result.GetValue(batch), ct);
                        task.Value = task.MaxValue;
                        results.Add((projection.Name, done));
                    }
                });
            foreach (var (projection, done) in results)
                Console.WriteLine($"{projection}: {done.EventsDone:N0} events at {done.EventsPerSecond:N0} events/s");
            return 0;
        });
        return command;
    }

    public static Command Status()
    {
        var command = new Command("status", "Each read model's checkpoint, position, lag, state and leader; paused ones with their error.");
        command.SetAction(async (_, ct) =>
        {
            await using var db = LedgerCommands.OpenDatabase();
            var table = new Table().AddColumns("projection", "checkpoint seq", "position", "events behind", "seconds behind", "state", "leader", "error");
            var anyPaused = false;
            foreach (var s in await LedgerProjections.StatusAsync(db, LedgerEvents.CreateRegistry(), ct))
            {
                var position = await LedgerProjections.PositionAsync(db, s.Name, ct);
                anyPaused |= s.State == "paused";
                table.AddRow(s.Name, s.Checkpoint.Seq.ToString(CultureInfo.InvariantCulture), position.ToString(CultureInfo.InvariantCulture),
                    s.EventsBehind.ToString(CultureInfo.InvariantCulture), s.SecondsBehind.ToString("0.###", CultureInfo.InvariantCulture),
                    s.State == "paused" ? "[red]paused[/]" : s.State, Markup.Escape(s.LeaderNode ?? "-"), Markup.Escape(s.Error ?? ""));
            }
            AnsiConsole.Write(table);
            return anyPaused ? 3 : 0;
        });
        return command;
    }

    public static Command Resume()
    {
        var name = new Argument<string>("projection") { Description = $"One of {Names}" };
        var command = new Command("resume", "Clear a paused read model's error; its leader continues from the checkpoint.") { name };
        command.SetAction(async (result, ct) =>
        {
            if (LedgerProjections.Find(result.GetValue(name)!) is not { } projection)
            {
                await Console.Error.WriteLineAsync($"No projection named '{result.GetValue(name)}' (known: {Names}).");
                return 2;
            }
            await using var db = LedgerCommands.OpenDatabase();
            await new ProjectionDaemon(db, LedgerEvents.CreateRegistry(), [projection]).ResumeAsync(projection.Name, ct);
            Console.WriteLine($"{projection.Name} resumed.");
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

    private static string Names => string.Join(", ", LedgerProjections.Async.Select(p => p.Name));

    /// <summary>Reports on the rebuilding thread, in order (Progress&lt;T&gt; posts to the pool and may reorder).</summary>
    private sealed class Reporter(Action<RebuildProgress> report) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => report(value);
    }
}
