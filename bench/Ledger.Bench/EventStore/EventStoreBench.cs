using System.CommandLine;
using System.Diagnostics;
using Ledger.EventStore;
using EventStoreApi = Ledger.EventStore.EventStore;

namespace Ledger.Bench.EventStore;

/// <summary>`eventstore`: append, rebuild and raw INSERT rates on a fresh database.</summary>
internal static class EventStoreBench
{
    public static Command Command() => AppendSettings.Command("eventstore", "Event store append, rebuild and raw INSERT baseline", RunAsync);

    private static async Task<int> RunAsync(AppendSettings s)
    {
        await using var db = await BenchDatabase.CreateAsync(s.Db, maxPoolSize: Math.Max(s.Writers, s.BatchWriters) + 8);
        await new MigrationRunner(db.DataSource).ApplyAsync(
            [.. EventStoreSchema.Migrations, new Migration(100, "bench", StreamCountProjection.Schema)]);
        var registry = new EventTypeRegistry().Register<Deposited>("Bench.Deposited");
        var store = new EventStoreApi(db.DataSource, registry);
        Console.WriteLine($"eventstore bench: {s.Phase.TotalSeconds:0} s per phase, {s.Writers} single writers, " +
                          $"{s.BatchWriters} batched writers x {s.BatchSize} events over {s.StreamsPerBatch} streams");

        var rawSingle = await Measure.RateAsync(s.Writers, s.Phase, (w, i) =>
            RawInsert.InsertAsync(db.DataSource, [($"raw-single-{w}-{i % 100}", (int)(i / 100) + 1)]));
        Report("raw INSERT, 1 row per commit", rawSingle, "rows/s");

        var single = await Measure.RateAsync(s.Writers, s.Phase, async (w, i) =>
        {
            await store.AppendAsync(Append($"single-{w}-{i % 100}", 1));
            return 1;
        });
        Report("append, 1 event per commit", single, "events/s", rawSingle);

        var perStream = s.BatchSize / s.StreamsPerBatch;
        var rawBatched = await Measure.RateAsync(s.BatchWriters, s.Phase, (w, i) =>
            RawInsert.InsertAsync(db.DataSource, Enumerable.Range(0, s.StreamsPerBatch)
                .SelectMany(k => Enumerable.Range(1, perStream).Select(v => ($"raw-batch-{w}-{i}-{k}", v))).ToList()));
        Report($"raw INSERT, {s.BatchSize} rows per commit", rawBatched, "rows/s");

        var batched = await Measure.RateAsync(s.BatchWriters, s.Phase, async (w, i) =>
        {
            var appends = Enumerable.Range(0, s.StreamsPerBatch).Select(k => Append($"batch-{w}-{i}-{k}", perStream)).ToList();
            await store.AppendAsync(appends);
            return appends.Count * perStream;
        });
        Report($"append, {s.BatchSize} events over {s.StreamsPerBatch} streams per commit", batched, "events/s", rawBatched);

        var clock = Stopwatch.StartNew();
        var rebuilt = await new ProjectionRebuilder(db.DataSource, registry).RebuildAsync(new StreamCountProjection(), batchSize: 5000);
        Report($"rebuild over {rebuilt.EventsDone:N0} events", rebuilt.EventsDone / clock.Elapsed.TotalSeconds, "events/s");

        var verifyClock = Stopwatch.StartNew();
        var verified = await new ChainVerifier(db.DataSource).VerifyAsync();
        Report($"verify over {verified.EventsChecked:N0} events (ok: {verified.Ok})", verified.EventsChecked / verifyClock.Elapsed.TotalSeconds, "events/s");
        return verified.Ok ? 0 : 1;
    }

    private static StreamAppend Append(string stream, int events) => new(
        stream, "bench", null, ExpectedVersion.Any,
        Enumerable.Range(0, events).Select(_ => new NewEvent(Guid.NewGuid(), new Deposited(Guid.NewGuid(), 12.5m, "EUR"))).ToList(),
        EventMetadata.System(), DateTimeOffset.UtcNow);

    private static void Report(string what, double rate, string unit, double? baseline = null) =>
        Console.WriteLine($"  {what,-58} {rate,10:N0} {unit}" + (baseline is { } b ? $"   ({rate / b:P0} of raw)" : ""));
}
