using System.CommandLine;
using System.Diagnostics;
using Ledger.EventStore;
using Ledger.Projections;
using Ledger.Projections.Activity;
using Ledger.Testing;
using EventStoreApi = Ledger.EventStore.EventStore;

namespace Ledger.Bench.ReadModels;

/// <summary>`readmodels`: rebuild rate of each read model and activity query latency over a generated ledger.</summary>
internal static class ReadModelBench
{
    public static Command Command()
    {
        var db = new Option<string>("--db") { Description = "Server connection string; a fresh database is created and dropped", Required = true };
        var requests = new Option<int>("--requests") { Description = "Requests to generate (about 1.9 events each)", DefaultValueFactory = _ => 530_000 };
        var queries = new Option<int>("--queries") { Description = "Activity queries to time", DefaultValueFactory = _ => 2000 };
        var command = new Command("readmodels", "Read model rebuild events/s and activity query p50/p99 over a generated ledger") { db, requests, queries };
        command.SetAction((result, ct) => RunAsync(result.GetValue(db)!, result.GetValue(requests), result.GetValue(queries)));
        return command;
    }

    private static async Task<int> RunAsync(string server, int requests, int queries)
    {
        await using var db = await BenchDatabase.CreateAsync(server, maxPoolSize: 16);
        using var marten = LedgerStore.Open(db.DataSource);
        await marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await new MigrationRunner(db.DataSource).ApplyAsync(LedgerSchema.All);
        var registry = LedgerEvents.CreateRegistry();
        var store = new EventStoreApi(db.DataSource, marten, registry);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = await new LedgerHistory(store, seed: 1).SignUpAsync(orgs: 20, keysPerOrg: 5, start);
        foreach (var org in history.Orgs) await history.CreditAsync(org, 10_000m, start.AddDays(1));

        var clock = Stopwatch.StartNew();
        await history.RequestsAsync(requests, start, start.AddMonths(6), perBatch: 1000);
        await using (var vacuum = db.DataSource.CreateCommand("vacuum analyze mt_events")) await vacuum.ExecuteNonQueryAsync();
        var events = await CountAsync(db, "select count(*) from mt_events");
        Console.WriteLine($"readmodels bench: {events:N0} events ({requests:N0} requests, 20 orgs, 100 keys, 6 months) generated in {clock.Elapsed.TotalSeconds:N0} s");

        using var daemon = await marten.BuildProjectionDaemonAsync();
        var total = Stopwatch.StartNew();
        foreach (var projection in LedgerProjections.Async)
        {
            var watch = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromHours(1), default);
            Console.WriteLine($"  rebuild {projection.Name,-10} {events,12:N0} events {events / watch.Elapsed.TotalSeconds,10:N0} events/s");
        }
        Console.WriteLine($"  rebuild all        {events * LedgerProjections.Async.Count,12:N0} event applications in {total.Elapsed.TotalSeconds:N1} s");
        await using (var analyze = db.DataSource.CreateCommand("analyze")) await analyze.ExecuteNonQueryAsync();
        var rows = await CountAsync(db, "select count(*) from activity");

        var random = new Random(5);
        string[] models = ["gpt-5.1", "claude-4", "haiku-4"];
        string[] statuses = ["200", "429", "4xx", "5xx"];
        var timings = new List<double>(queries);
        for (var i = 0; i < queries + 100; i++)
        {
            var org = history.Orgs[random.Next(history.Orgs.Count)];
            var keys = history.Keys[org.OrgId];
            var from = start.AddDays(random.Next(0, 170));
            var filter = (i % 5) switch
            {
                0 => new ActivityFilter(Model: models[random.Next(models.Length)]),
                1 => new ActivityFilter(Status: StatusFilter.Parse(statuses[random.Next(statuses.Length)])),
                2 => new ActivityFilter(KeyId: keys[random.Next(keys.Count)], From: from, To: from.AddDays(7)),
                3 => new ActivityFilter(From: from, To: from.AddDays(1), Provider: org.Currency == "INR" ? "sim-mumbai" : "sim-azure-eu"),
                _ => new ActivityFilter(),
            };
            var watch = Stopwatch.StartNew();
            var page = await ActivityQuery.ReadAsync(db.DataSource, org.OrgId, filter, null, 100, default);
            if (page.NextCursor is { } next && i % 2 == 0)
                await ActivityQuery.ReadAsync(db.DataSource, org.OrgId, filter, ActivityCursor.TryDecode(next), 100, default);
            if (i >= 100) timings.Add(watch.Elapsed.TotalMilliseconds); // the first 100 warm up
        }
        timings.Sort();
        Console.WriteLine($"  activity query over {rows:N0} rows, limit 100, filters model|status|key+week|provider+day|none, half with a second page:");
        Console.WriteLine($"    {queries:N0} queries: p50 {Percentile(timings, 0.50):N1} ms, p99 {Percentile(timings, 0.99):N1} ms, max {timings[^1]:N1} ms");
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<long> CountAsync(BenchDatabase db, string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
