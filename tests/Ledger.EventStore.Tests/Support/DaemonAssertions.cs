namespace Ledger.EventStore.Tests.Support;

public static class DaemonAssertions
{
    public static ProjectionDaemon Daemon(this StoreDatabase db, string node, params IAsyncProjection[] projections) =>
        new(db.DataSource, db.Registry, projections, new ProjectionDaemonOptions
        {
            NodeName = node,
            PollInterval = TimeSpan.FromMilliseconds(200),
            LockRetryInterval = TimeSpan.FromMilliseconds(200),
            BatchSize = 25,
        });

    public static Task<List<Guid>> AppliedAsync(this StoreDatabase db, string projection) =>
        db.ListAsync("select event_id from projection_applied where projection = $1 order by applied", r => r.GetGuid(0), projection);

    public static Task<List<Guid>> EventsInCommitOrderAsync(this StoreDatabase db) =>
        db.ListAsync("select id from events order by tx_id, seq", r => r.GetGuid(0));

    public static async Task<bool> CaughtUpAsync(this StoreDatabase db, string projection) =>
        (await db.AppliedAsync(projection)).Count == await db.ScalarAsync<long>("select count(*) from events");

    /// <summary>Every stored event applied exactly once, in (tx_id, seq) order.</summary>
    public static async Task ShouldHaveAppliedEverythingOnceInOrderAsync(this StoreDatabase db, string projection)
    {
        await Eventually.HoldsAsync(() => db.CaughtUpAsync(projection), $"{projection} has applied every event");
        (await db.AppliedAsync(projection)).ShouldBe(await db.EventsInCommitOrderAsync());
    }
}
