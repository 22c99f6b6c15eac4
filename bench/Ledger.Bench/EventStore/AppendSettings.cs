using System.CommandLine;

namespace Ledger.Bench.EventStore;

/// <summary>The options every append bench takes (`eventstore`, `marten`), parsed in one place so their runs compare.</summary>
internal sealed record AppendSettings(string Db, TimeSpan Phase, int Writers, int BatchWriters, int BatchSize, int StreamsPerBatch)
{
    public static Command Command(string name, string description, Func<AppendSettings, Task<int>> run)
    {
        var db = new Option<string>("--db") { Description = "Server connection string; a fresh database is created and dropped", Required = true };
        var seconds = new Option<int>("--seconds") { Description = "Duration of each phase", DefaultValueFactory = _ => 5 };
        var writers = new Option<int>("--writers") { Description = "Concurrent single-event writers", DefaultValueFactory = _ => 16 };
        var batchWriters = new Option<int>("--batch-writers") { Description = "Concurrent batched writers", DefaultValueFactory = _ => 4 };
        var batchSize = new Option<int>("--batch") { Description = "Events per batched append", DefaultValueFactory = _ => 1000 };
        var streams = new Option<int>("--streams-per-batch") { Description = "Streams a batched append spreads over", DefaultValueFactory = _ => 100 };
        var command = new Command(name, description) { db, seconds, writers, batchWriters, batchSize, streams };
        command.SetAction((result, _) => run(new AppendSettings(
            result.GetValue(db)!, TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(writers),
            result.GetValue(batchWriters), result.GetValue(batchSize), result.GetValue(streams))));
        return command;
    }
}
