using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Appending;

public sealed class AppendingTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task appended_events_are_stored_with_versions_and_read_back_equal()
    {
        var store = db.Store();
        var stream = NewStreamId();
        var first = Deposit(12.5m);
        var second = new NewEvent(Guid.NewGuid(), new Withdrawn(2m));

        var result = await store.AppendAsync(To(stream, ExpectedVersion.NoStream, first, second));

        result.Version.ShouldBe(2);
        result.WasRetry.ShouldBeFalse();
        var read = await store.ReadStreamAsync(stream);
        read.Select(e => e.Version).ShouldBe([1, 2]);
        read.Select(e => e.Type).ShouldBe(["V1.Deposited", "V1.Withdrawn"]);
        read[0].Data.ShouldBe(new Deposited(12.5m, Channel.Api));
        read[1].Data.ShouldBe(new Withdrawn(2m));
        read.ShouldBe(result.Events);
    }
}
