using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Daemon;

public sealed class PausingTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task a_projection_that_throws_is_paused_with_its_error_in_status_while_another_advances()
    {
        var poisoned = true;
        var poison = new NewEvent(Guid.NewGuid(), new Withdrawn(13m));
        var failing = new CountingProjection("failing-" + Guid.NewGuid(), failOn: e => poisoned && e.Id == poison.Id);
        var healthy = new CountingProjection("healthy-" + Guid.NewGuid());
        await using var daemon = db.Daemon("node-a", failing, healthy);
        await daemon.StartAsync();
        var store = db.Store();

        await store.AppendAsync(To(NewStreamId(), Deposit(), poison, Deposit()));
        await store.AppendAsync(To(NewStreamId(), Deposit()));

        await Eventually.HoldsAsync(async () => (await daemon.GetStatusAsync())[0].State == "paused", "the failing projection is paused");
        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(healthy.Name);
        var status = await daemon.GetStatusAsync();
        status[0].Error.ShouldNotBeNull().ShouldContain($"cannot project event {poison.Id}");
        status[0].EventsBehind.ShouldBe(4);
        status[0].SecondsBehind.ShouldBeGreaterThan(0);
        status[0].LeaderNode.ShouldBe("node-a");
        status[1].State.ShouldBe("running");
        status[1].EventsBehind.ShouldBe(0);
        status[1].Checkpoint.Seq.ShouldBe(status[1].LatestSeq);
        (await db.AppliedAsync(failing.Name)).ShouldBeEmpty();

        poisoned = false;
        await daemon.ResumeAsync(failing.Name);

        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(failing.Name);
        (await daemon.GetStatusAsync())[0].ShouldSatisfyAllConditions(s => s.State.ShouldBe("running"), s => s.Error.ShouldBeNull());
    }
}
