using Ledger.EventStore.Tests.Support;
using Npgsql;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Appending;

/// <summary>The request path's append: events at known versions after known hashes, in the caller's transaction.</summary>
public sealed class ChainedAppendTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    private static ChainedEvent Event(string stream, int version, byte[]? prev, object data) =>
        new(stream, null, version, prev, new NewEvent(Guid.NewGuid(), data), EventMetadata.System(), Epoch.AddTicks(1234567));

    /// <summary>Appends in one transaction, the way the request writer sends it; returns the hashes.</summary>
    private async Task<byte[][]> AppendAsync(params ChainedEvent[] events)
    {
        var append = db.Store().Chain(events);
        await using var c = await db.DataSource.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(c, tx);
        foreach (var command in append.Commands()) batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        return append.Hashes;
    }

    [Fact]
    public async Task the_hashes_computed_here_are_stored_and_verify_recomputes_them_from_the_rows()
    {
        var (a, b) = (NewStreamId(), NewStreamId());
        var first = await AppendAsync(Event(a, 1, null, new Noted("Prix : 15 € — ₹100, \"quoted\"\n\u0001")), Event(b, 1, null, Deposit(7.5m).Data));
        var second = await AppendAsync(Event(a, 2, first[0], new Withdrawn(0.000001m)));

        var stored = await db.ListAsync($"select decode(headers->>'hash', 'base64') from mt_events where stream_id in ('{a}', '{b}') order by seq_id",
            r => r.GetFieldValue<byte[]>(0));
        stored.ShouldBe([first[0], first[1], second[0]]);
        (await new ChainVerifier(db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task a_request_stream_is_in_mt_streams_at_its_last_version()
    {
        var stream = NewStreamId();
        var opened = await AppendAsync(Event(stream, 1, null, Deposit().Data));
        (await db.ScalarAsync<long>($"select version from mt_streams where id = '{stream}'")).ShouldBe(1);

        await AppendAsync(Event(stream, 2, opened[0], new Withdrawn(1m)));

        (await db.ScalarAsync<long>($"select version from mt_streams where id = '{stream}'")).ShouldBe(2);
        (await db.Store().ReadStreamAsync(stream)).Select(e => e.Version).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task a_version_taken_already_fails_the_whole_transaction_as_a_conflict()
    {
        var stream = NewStreamId();
        var opened = await AppendAsync(Event(stream, 1, null, Deposit().Data));
        await AppendAsync(Event(stream, 2, opened[0], new Withdrawn(1m)));
        var bystander = NewStreamId();

        var e = await Should.ThrowAsync<PostgresException>(() =>
            AppendAsync(Event(bystander, 1, null, Deposit().Data), Event(stream, 2, opened[0], new Withdrawn(2m))));

        ChainedAppend.IsConflict(e).ShouldBeTrue();
        (await db.Store().ReadStreamAsync(bystander)).ShouldBeEmpty();
        (await db.Store().ReadStreamAsync(stream)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task two_settlements_of_one_stream_in_a_batch_are_a_conflict_before_anything_is_sent()
    {
        var stream = NewStreamId();
        var opened = await AppendAsync(Event(stream, 1, null, Deposit().Data));

        Should.Throw<ConcurrencyException>(() => db.Store().Chain(
            [Event(stream, 2, opened[0], new Withdrawn(1m)), Event(stream, 2, opened[0], new Withdrawn(2m))]));
    }

    [Fact]
    public async Task a_stream_begun_through_AppendAsync_goes_on_through_the_chain_and_verifies()
    {
        var stream = NewStreamId();
        var begun = await db.Store().AppendAsync(new StreamAppend(stream, "request", null, ExpectedVersion.NoStream, [Deposit()], EventMetadata.System(), Epoch));
        var prev = await db.ScalarAsync<byte[]>($"select decode(headers->>'hash', 'base64') from mt_events where stream_id = '{stream}' and version = 1");

        await AppendAsync(Event(stream, 2, prev, new Withdrawn(1m)));

        (await db.Store().ReadStreamAsync(stream)).Select(e => e.Version).ShouldBe([1, 2]);
        begun.Version.ShouldBe(1);
        (await new ChainVerifier(db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }

    [Fact]
    public void a_first_event_must_have_no_previous_hash_and_a_later_one_must_have_one()
    {
        Should.Throw<ArgumentException>(() => db.Store().Chain([Event(NewStreamId(), 1, [1, 2], Deposit().Data)]));
        Should.Throw<ArgumentException>(() => db.Store().Chain([Event(NewStreamId(), 2, null, Deposit().Data)]));
    }
}
