using System.CommandLine;
using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Ledger.Bench.EventStore;
using Ledger.Domain;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using Ledger.Marten;
using Marten;
using Marten.Events.Aggregation;
using Npgsql;

namespace Ledger.Bench.Marten;

/// <summary>
/// `marten`: Marten 9's appends (Rich and Quick), the set-based writer into Marten's tables and a daemon
/// rebuild, each next to the raw INSERT of the same shape measured in the same run on the same data source.
/// </summary>
internal static class MartenBench
{
    public static Command Command() => AppendSettings.Command("marten", "Marten append (Rich, Quick), set-based insert and daemon rebuild against the raw INSERT baseline", RunAsync);

    private static async Task<int> RunAsync(AppendSettings s)
    {
        await using var db = await BenchDatabase.CreateAsync(s.Db, maxPoolSize: Math.Max(s.Writers, s.BatchWriters) + 8);
        await using (var schema = db.DataSource.CreateCommand(StreamCountProjection.Schema))
            await schema.ExecuteNonQueryAsync();
        // one schema, two stores over it: they differ only in how they append
        using var rich = await StoreAsync(db.DataSource, EventAppendMode.Rich);
        using var quick = await StoreAsync(db.DataSource, EventAppendMode.Quick);
        var writer = new SetBasedAppend(rich);
        var serializer = rich.Options.Serializer();
        var perStream = s.BatchSize / s.StreamsPerBatch;
        Console.WriteLine($"marten bench (Marten 9.59, V1.RequestAdmitted events, string stream ids): {s.Phase.TotalSeconds:0} s per phase, " +
                          $"{s.Writers} single writers, {s.BatchWriters} batched writers x {s.StreamsPerBatch * perStream} events over {s.StreamsPerBatch} new streams");

        // the raw rows carry the JSON Marten writes for the same event
        var rawSingle = await Measure.RateAsync(s.Writers, s.Phase, (w, i) =>
            RawInsert.InsertAsync(db.DataSource, [($"raw-single-{w}-{i}", 1)], () => serializer.ToJson(Admitted())));
        Report("raw INSERT, 1 row per commit", rawSingle, "rows/s");

        var richSingle = await Measure.RateAsync(s.Writers, s.Phase, (_, _) => AppendAsync(rich, 1, 1));
        Report("Marten Rich, new stream + 1 event per SaveChangesAsync", richSingle, "events/s", rawSingle);
        var quickSingle = await Measure.RateAsync(s.Writers, s.Phase, (_, _) => AppendAsync(quick, 1, 1));
        Report("Marten Quick, new stream + 1 event per SaveChangesAsync", quickSingle, "events/s", rawSingle, richSingle);
        var setSingle = await Measure.RateAsync(s.Writers, s.Phase, (_, _) => InsertSetBasedAsync(db.DataSource, writer, 1, 1));
        Report("set-based INSERT, new stream + 1 event per commit", setSingle, "events/s", rawSingle, richSingle);

        var rawBatched = await Measure.RateAsync(s.BatchWriters, s.Phase, (w, i) =>
            RawInsert.InsertAsync(db.DataSource, Enumerable.Range(0, s.StreamsPerBatch)
                .SelectMany(k => Enumerable.Range(1, perStream).Select(v => ($"raw-batch-{w}-{i}-{k}", v))).ToList(),
                () => serializer.ToJson(Admitted())));
        Report($"raw INSERT, {s.StreamsPerBatch * perStream} rows per commit", rawBatched, "rows/s");

        var richBatched = await Measure.RateAsync(s.BatchWriters, s.Phase, (_, _) => AppendAsync(rich, s.StreamsPerBatch, perStream));
        Report($"Marten Rich, {s.StreamsPerBatch} new streams x {perStream} events per SaveChangesAsync", richBatched, "events/s", rawBatched);
        var quickBatched = await Measure.RateAsync(s.BatchWriters, s.Phase, (_, _) => AppendAsync(quick, s.StreamsPerBatch, perStream));
        Report($"Marten Quick, {s.StreamsPerBatch} new streams x {perStream} events per SaveChangesAsync", quickBatched, "events/s", rawBatched, richBatched);
        var setBatched = await Measure.RateAsync(s.BatchWriters, s.Phase, (_, _) => InsertSetBasedAsync(db.DataSource, writer, s.StreamsPerBatch, perStream));
        Report($"set-based INSERT, {s.StreamsPerBatch} new streams x {perStream} events per statement", setBatched, "events/s", rawBatched, richBatched);

        long events, streams, lastSequence;
        await using (var count = db.DataSource.CreateCommand("select count(*), count(distinct stream_id), max(seq_id) from mt_events"))
        await using (var reader = await count.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (events, streams, lastSequence) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        // fresh statistics first: with the appended seq_ids past the histogram, the planner hash-joins the
        // daemon's whole remaining range with mt_streams for every 500-event page (300 ms a page at 50k
        // events to go, so a rebuild right after a bulk load is quadratic: 1.6-3.7k events/s over 100k)
        await using (var analyze = db.DataSource.CreateCommand("analyze mt_events; analyze mt_streams"))
            await analyze.ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        using (var daemon = await rich.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<EventCountProjection>(TimeSpan.FromMinutes(10), CancellationToken.None);
        var rate = events / clock.Elapsed.TotalSeconds;
        long counted;
        await using (var sum = db.DataSource.CreateCommand("select coalesce(sum((data->>'events')::bigint), 0) from mt_doc_eventcount"))
            counted = Convert.ToInt64(await sum.ExecuteScalarAsync());
        Report($"daemon rebuild (after ANALYZE), {events:N0} events (last seq {lastSequence:N0}) in {streams:N0} streams (counted {counted:N0})", rate, "events/s");
        return counted == events ? 0 : 1;
    }

    private static async Task<DocumentStore> StoreAsync(NpgsqlDataSource dataSource, EventAppendMode mode)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            LedgerMarten.Configure(options, mode);
            options.Projections.Add<EventCountProjection>(ProjectionLifecycle.Async);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    private static async Task<int> AppendAsync(DocumentStore store, int streams, int events)
    {
        await using var session = store.LightweightSession();
        for (var k = 0; k < streams; k++)
            session.Events.StartStream(Streams.Request(Guid.NewGuid()), Enumerable.Range(0, events).Select(_ => (object)Admitted()).ToArray());
        await session.SaveChangesAsync();
        return streams * events;
    }

    private static async Task<int> InsertSetBasedAsync(NpgsqlDataSource dataSource, SetBasedAppend writer, int streams, int events)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, streams).SelectMany(_ =>
        {
            var stream = Streams.Request(Guid.NewGuid());
            return Enumerable.Range(1, events).Select(v => new EventRow(stream, v, Guid.NewGuid(), Admitted(), now, "system"));
        }).ToList();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await writer.AppendAsync(transaction, rows);
        await transaction.CommitAsync();
        return rows.Count;
    }

    private static RequestAdmitted Admitted() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "gpt-4o-mini", OrgTier.Standard, false, 120, 256, 0.0125m, "EUR");

    private static void Report(string what, double rate, string unit, double? raw = null, double? rich = null) =>
        Console.WriteLine($"  {what,-72} {rate,10:N0} {unit}" +
                          (raw is { } r ? $"   ({rate / r:P0} of raw" + (rich is { } m ? $", {rate / m:0.00}x Rich)" : ")") : ""));
}

/// <summary>Events per stream: the simplest single-stream projection, so the rebuild measures Marten's daemon.</summary>
public sealed class EventCount
{
    public string Id { get; set; } = "";
    public long Events { get; set; }
}

public partial class EventCountProjection : SingleStreamProjection<EventCount, string>
{
    public void Apply(EventCount count, RequestAdmitted e) => count.Events++;
}
