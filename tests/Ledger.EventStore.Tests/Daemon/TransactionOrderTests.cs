using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Daemon;

public sealed class TransactionOrderTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task an_event_whose_transaction_was_held_open_is_applied_once_it_commits_and_nothing_is_skipped()
    {
        var projection = new CountingProjection("held-" + Guid.NewGuid());
        await using var daemon = db.Daemon("node-a", projection);
        await daemon.StartAsync();
        var store = db.Store();
        await store.AppendAsync(To(NewStreamId(), Deposit()));
        await Eventually.HoldsAsync(() => db.CaughtUpAsync(projection.Name), "the first event is applied");

        await using var slow = await db.DataSource.OpenConnectionAsync();
        await using var held = await slow.BeginTransactionAsync();
        var early = await store.AppendAsync(slow, held, To(NewStreamId(), Deposit()));
        var later = await store.AppendAsync([To(NewStreamId(), Deposit()), To(NewStreamId(), Deposit())]);
        later[0].Events[0].Seq.ShouldBeGreaterThan(early.Events[0].Seq);

        // a reader by seq would apply the later events now and never come back for the held one
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        (await db.AppliedAsync(projection.Name)).ShouldNotContain(later[0].Events[0].Id);

        await held.CommitAsync();
        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(projection.Name);
        (await db.AppliedAsync(projection.Name)).ShouldContain(early.Events[0].Id);
    }

    [Fact]
    public async Task a_rolled_back_transaction_does_not_stall_the_daemon()
    {
        var projection = new CountingProjection("rollback-" + Guid.NewGuid());
        await using var daemon = db.Daemon("node-a", projection);
        await daemon.StartAsync();
        var store = db.Store();

        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await store.AppendAsync(connection, tx, To(NewStreamId(), Deposit()));
            await tx.RollbackAsync();
        }
        var after = await store.AppendAsync(To(NewStreamId(), Deposit()));

        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(projection.Name);
        (await db.AppliedAsync(projection.Name)).ShouldContain(after.Events[0].Id);
    }

    [Fact]
    public async Task a_restarted_daemon_resumes_from_its_checkpoint_and_applies_nothing_twice()
    {
        var projection = new CountingProjection("restart-" + Guid.NewGuid());
        var store = db.Store();
        for (var i = 0; i < 20; i++)
            await store.AppendAsync(To(NewStreamId(), Enumerable.Range(0, 10).Select(_ => Deposit()).ToArray()));

        await using (var first = db.Daemon("node-a", projection))
        {
            await first.StartAsync();
            await Eventually.HoldsAsync(async () => (await db.AppliedAsync(projection.Name)).Count >= 50, "some batches are applied");
            await first.StopAsync();
        }
        var before = (await db.AppliedAsync(projection.Name)).Count;
        for (var i = 0; i < 5; i++)
            await store.AppendAsync(To(NewStreamId(), Deposit(), Deposit()));

        await using var second = db.Daemon("node-a", projection);
        await second.StartAsync();

        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(projection.Name);
        before.ShouldBeLessThan((await db.AppliedAsync(projection.Name)).Count);
        (await second.GetStatusAsync()).Single().State.ShouldBe("running");
    }
}
