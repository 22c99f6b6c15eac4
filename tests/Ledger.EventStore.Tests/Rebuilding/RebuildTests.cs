using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Rebuilding;

public sealed class RebuildTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task a_rebuilt_projection_equals_the_live_one_row_for_row()
    {
        var live = new CountingProjection("live-" + Guid.NewGuid());
        var rebuilt = new CountingProjection("rebuilt-" + Guid.NewGuid());
        var store = db.Store();
        var streams = Enumerable.Range(0, 7).Select(_ => NewStreamId()).ToArray();
        await using var daemon = db.Daemon("node-a", live, rebuilt);
        await daemon.StartAsync();
        for (var i = 0; i < 60; i++)
            await store.AppendAsync(To(streams[i % streams.Length], Enumerable.Range(0, 1 + i % 3).Select(_ => Deposit()).ToArray()));
        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(live.Name);
        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(rebuilt.Name);
        await db.ExecuteAsync("update stream_counts set events = events + 100 where projection = $1", rebuilt.Name);

        var reports = new List<RebuildProgress>();
        var result = await new ProjectionRebuilder(db.DataSource, db.Registry)
            .RebuildAsync(rebuilt, new SynchronousProgress(reports.Add), batchSize: 17);

        var total = await db.ScalarAsync<long>("select count(*) from events");
        result.EventsDone.ShouldBe(total);
        reports.Count.ShouldBeGreaterThan(2);
        reports.Select(r => r.EventsDone).ShouldBeInOrder(SortDirection.Ascending);
        (await CountsAsync(rebuilt.Name)).ShouldBe(await CountsAsync(live.Name));
        (await db.AppliedAsync(rebuilt.Name)).ShouldBe(await db.EventsInCommitOrderAsync());

        // the daemon carries on from the rebuilt checkpoint without applying anything twice
        await store.AppendAsync(To(streams[0], Deposit()));
        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(rebuilt.Name);
        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(live.Name);
        (await CountsAsync(rebuilt.Name)).ShouldBe(await CountsAsync(live.Name));
    }

    private Task<List<(string, int)>> CountsAsync(string projection) =>
        db.ListAsync("select stream_id, events from stream_counts where projection = $1 order by stream_id",
            r => (r.GetString(0), r.GetInt32(1)), projection);

    private sealed class SynchronousProgress(Action<RebuildProgress> report) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => report(value);
    }
}
