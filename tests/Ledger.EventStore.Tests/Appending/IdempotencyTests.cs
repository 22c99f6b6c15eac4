using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Appending;

public sealed class IdempotencyTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task a_retried_append_with_the_same_event_ids_appends_nothing_and_returns_the_original_events()
    {
        var store = db.Store();
        var stream = NewStreamId();
        var append = To(stream, ExpectedVersion.NoStream, Deposit(1m), Deposit(2m));
        var first = await store.AppendAsync(append);
        await store.AppendAsync(To(stream, ExpectedVersion.Exactly(2), Deposit(3m)));

        // the retry arrives late, with a stale expected version and a later clock
        var retry = await store.AppendAsync(append with { OccurredAt = Epoch.AddMinutes(5) });

        retry.WasRetry.ShouldBeTrue();
        retry.Version.ShouldBe(2);
        retry.Events.ShouldBe(first.Events);
        (await store.ReadStreamAsync(stream)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task concurrent_retries_of_one_append_store_it_once()
    {
        var stream = NewStreamId();
        var append = To(stream, ExpectedVersion.Any, Deposit(), Deposit());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => db.Store().AppendAsync(append))));

        results.Count(r => !r.WasRetry).ShouldBe(1);
        results.ShouldAllBe(r => r.Events.Select(e => e.Seq).SequenceEqual(results[0].Events.Select(x => x.Seq)));
        (await db.Store().ReadStreamAsync(stream)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task an_append_repeating_only_some_stored_ids_is_refused()
    {
        var store = db.Store();
        var stream = NewStreamId();
        var stored = Deposit();
        await store.AppendAsync(To(stream, stored));

        await Should.ThrowAsync<InvalidOperationException>(() => store.AppendAsync(To(stream, stored, Deposit())));

        (await store.ReadStreamAsync(stream)).Count.ShouldBe(1);
    }
}
