using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Appending;

public sealed class ExpectedVersionTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task no_stream_appends_to_a_new_stream_and_is_rejected_once_it_exists()
    {
        var store = db.Store();
        var stream = NewStreamId();
        await store.AppendAsync(To(stream, ExpectedVersion.NoStream, Deposit()));

        var error = await Should.ThrowAsync<ConcurrencyException>(() => store.AppendAsync(To(stream, ExpectedVersion.NoStream, Deposit())));

        error.StreamId.ShouldBe(stream);
        error.Actual.ShouldBe(1);
    }

    [Fact]
    public async Task append_with_wrong_expected_version_is_rejected()
    {
        var store = db.Store();
        var stream = NewStreamId();
        await store.AppendAsync(To(stream, ExpectedVersion.NoStream, Deposit(), Deposit()));

        var error = await Should.ThrowAsync<ConcurrencyException>(() => store.AppendAsync(To(stream, ExpectedVersion.Exactly(1), Deposit())));

        error.Expected.ShouldBe(ExpectedVersion.Exactly(1));
        error.Actual.ShouldBe(2);
        (await store.ReadStreamAsync(stream)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task exact_version_on_a_missing_stream_is_rejected()
    {
        var error = await Should.ThrowAsync<ConcurrencyException>(() => db.Store().AppendAsync(To(NewStreamId(), ExpectedVersion.Exactly(3), Deposit())));
        error.Actual.ShouldBe(0);
    }

    [Fact]
    public async Task exact_version_appends_after_that_version()
    {
        var store = db.Store();
        var stream = NewStreamId();
        await store.AppendAsync(To(stream, ExpectedVersion.NoStream, Deposit()));

        var result = await store.AppendAsync(To(stream, ExpectedVersion.Exactly(1), Deposit(), Deposit()));

        result.Events.Select(e => e.Version).ShouldBe([2, 3]);
    }

    [Fact]
    public async Task any_appends_whatever_the_version()
    {
        var store = db.Store();
        var stream = NewStreamId();
        (await store.AppendAsync(To(stream, ExpectedVersion.Any, Deposit()))).Version.ShouldBe(1);
        (await store.AppendAsync(To(stream, ExpectedVersion.Any, Deposit()))).Version.ShouldBe(2);
    }

    [Fact]
    public async Task two_appenders_at_the_same_expected_version_exactly_one_wins()
    {
        var stream = NewStreamId();
        await db.Store().AppendAsync(To(stream, ExpectedVersion.NoStream, Deposit()));
        var start = new TaskCompletionSource();

        var attempts = Enumerable.Range(0, 2).Select(async _ =>
        {
            await start.Task;
            try
            {
                await db.Store().AppendAsync(To(stream, ExpectedVersion.Exactly(1), Deposit()));
                return "won";
            }
            catch (ConcurrencyException e) when (e.Actual == 2)
            {
                return "conflict";
            }
        }).ToArray();
        start.SetResult();

        (await Task.WhenAll(attempts)).Order().ShouldBe(["conflict", "won"]);
        (await db.Store().ReadStreamAsync(stream)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task fifty_parallel_appenders_retrying_on_conflict_produce_versions_one_to_fifty()
    {
        var store = db.Store();
        var stream = NewStreamId();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            var e = Deposit();
            while (true)
            {
                var current = (await store.ReadStreamAsync(stream)).Count;
                var expected = current == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(current);
                try
                {
                    await store.AppendAsync(To(stream, expected, e));
                    return;
                }
                catch (ConcurrencyException) { }
            }
        })));

        var events = await store.ReadStreamAsync(stream);
        events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, 50));
        events.Select(e => e.Id).Distinct().Count().ShouldBe(50);
    }
}
