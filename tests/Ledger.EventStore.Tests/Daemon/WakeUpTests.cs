using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Daemon;

public sealed class WakeUpTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task an_append_wakes_the_daemon_long_before_its_poll_interval()
    {
        var projection = new CountingProjection("wake-" + Guid.NewGuid());
        await using var daemon = new ProjectionDaemon(db.DataSource, db.Registry, [projection],
            new ProjectionDaemonOptions { NodeName = "node-a", PollInterval = TimeSpan.FromMinutes(5) });
        await daemon.StartAsync();
        await Eventually.HoldsAsync(async () => (await daemon.GetStatusAsync())[0].LeaderNode is not null, "the daemon leads");
        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(projection.Name);

        await db.Store().AppendAsync(To(NewStreamId(), Deposit()));
        await Eventually.HoldsAsync(() => db.CaughtUpAsync(projection.Name), "the append is applied", within: TimeSpan.FromSeconds(5));

        var store = db.Store();
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await store.AppendAsync(connection, tx, To(NewStreamId(), Deposit()));
            await tx.CommitAsync();
        }
        store.NotifyAppended();
        await Eventually.HoldsAsync(() => db.CaughtUpAsync(projection.Name), "the caller's append is applied", within: TimeSpan.FromSeconds(5));
    }
}
