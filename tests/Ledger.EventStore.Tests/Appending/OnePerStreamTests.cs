using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Appending;

/// <summary>The request path's set-based append: one event to each of many streams in one call.</summary>
public sealed class OnePerStreamTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    private async Task<IReadOnlyList<RecordedEvent>> AppendAsync(EventStore store, IReadOnlyList<StreamAppend> appends)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        var recorded = await store.AppendOnePerStreamAsync(c, tx, appends, runInlineProjections: true);
        await tx.CommitAsync();
        return recorded;
    }

    [Fact]
    public async Task new_and_existing_streams_each_get_their_next_version_and_the_chain_verifies()
    {
        var store = db.Store();
        var existing = NewStreamId();
        await store.AppendAsync(To(existing, ExpectedVersion.NoStream, Deposit()));
        var fresh = Enumerable.Range(0, 50).Select(_ => NewStreamId()).ToList();

        var recorded = await AppendAsync(store,
            [.. fresh.Select(s => To(s, ExpectedVersion.NoStream, Deposit())), To(existing, ExpectedVersion.Exactly(1), Deposit(7m))]);

        recorded.Take(50).ShouldAllBe(e => e.Version == 1);
        recorded[^1].Version.ShouldBe(2);
        recorded[^1].StreamId.ShouldBe(existing);
        (await store.ReadStreamAsync(existing)).Select(e => e.Version).ShouldBe([1, 2]);
        (await store.ReadStreamAsync(fresh[17])).Single().Seq.ShouldBe(recorded[17].Seq);
        (await new ChainVerifier(db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task one_stream_off_its_expected_version_fails_the_whole_call_and_stores_nothing()
    {
        var store = db.Store();
        var moved = NewStreamId();
        await store.AppendAsync(To(moved, ExpectedVersion.NoStream, Deposit(), Deposit()));
        var fresh = NewStreamId();
        var before = await db.ScalarAsync<long>("select count(*) from events");

        await Should.ThrowAsync<ConcurrencyException>(() =>
            AppendAsync(store, [To(fresh, ExpectedVersion.NoStream, Deposit()), To(moved, ExpectedVersion.Exactly(1), Deposit())]));

        (await db.ScalarAsync<long>("select count(*) from events")).ShouldBe(before);
        (await store.ReadStreamAsync(fresh)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_stream_expected_not_to_exist_that_does_fails_the_whole_call_and_stores_nothing()
    {
        var store = db.Store();
        var existing = NewStreamId();
        await store.AppendAsync(To(existing, ExpectedVersion.NoStream, Deposit()));
        var fresh = NewStreamId();
        var before = await db.ScalarAsync<long>("select count(*) from events");

        await Should.ThrowAsync<ConcurrencyException>(() =>
            AppendAsync(store, [To(fresh, ExpectedVersion.NoStream, Deposit()), To(existing, ExpectedVersion.NoStream, Deposit())]));

        (await db.ScalarAsync<long>("select count(*) from events")).ShouldBe(before);
        (await store.ReadStreamAsync(fresh)).ShouldBeEmpty();
        (await db.ScalarAsync<long>($"select count(*) from streams where id = '{fresh}'")).ShouldBe(0);
    }

    [Fact]
    public async Task batches_racing_to_create_one_stream_let_exactly_one_win()
    {
        var store = db.Store();
        var contested = NewStreamId();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try { await AppendAsync(store, [To(NewStreamId(), ExpectedVersion.NoStream, Deposit()), To(contested, ExpectedVersion.NoStream, Deposit())]); return true; }
            catch (ConcurrencyException) { return false; }
        }));

        results.Count(won => won).ShouldBe(1);
        (await store.ReadStreamAsync(contested)).Select(e => e.Version).ShouldBe([1]);
        (await new ChainVerifier(db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task two_batches_racing_for_one_stream_let_exactly_one_win()
    {
        var store = db.Store();
        var contested = NewStreamId();
        await store.AppendAsync(To(contested, ExpectedVersion.NoStream, Deposit()));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try { await AppendAsync(store, [To(NewStreamId(), ExpectedVersion.NoStream, Deposit()), To(contested, ExpectedVersion.Exactly(1), Deposit())]); return true; }
            catch (ConcurrencyException) { return false; }
        }));

        results.Count(won => won).ShouldBe(1);
        (await store.ReadStreamAsync(contested)).Select(e => e.Version).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task inline_projections_see_the_events_when_asked_to()
    {
        var seen = new List<RecordedEvent>();
        var store = db.Store(new RecordingProjection(seen));
        var recorded = await AppendAsync(store, [To(NewStreamId(), ExpectedVersion.NoStream, Deposit())]);
        seen.ShouldBe(recorded);
    }

    private sealed class RecordingProjection(List<RecordedEvent> seen) : IInlineProjection
    {
        public Task ApplyAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
        {
            seen.AddRange(events);
            return Task.CompletedTask;
        }
    }
}
