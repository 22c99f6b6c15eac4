using Ledger.EventStore.Tests.Support;
using Npgsql;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Appending;

/// <summary>The request path's append: events at known versions after known hashes, in the caller's transaction.</summary>
public sealed class ChainedAppendTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    private static ChainedEvent Event(string stream, int version, byte[]? prev, object data, bool closes = false) =>
        new(stream, "request", null, version, prev, new NewEvent(Guid.NewGuid(), data), EventMetadata.System(), Epoch.AddTicks(1234567), closes);

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
    public async Task hashes_computed_here_equal_the_sql_definition_that_verify_uses()
    {
        var (a, b) = (NewStreamId(), NewStreamId());
        var first = await AppendAsync(Event(a, 1, null, new Noted("Prix : 15 € — ₹100, \"quoted\"\n")), Event(b, 1, null, Deposit(7.5m).Data));
        await AppendAsync(Event(a, 2, first[0], new Withdrawn(0.000001m), closes: true));

        var mismatched = await db.ScalarAsync<long>($"""
            select count(*) from events where stream_id in ('{a}', '{b}')
               and hash <> ledger_event_hash(prev_hash, stream_id, version, type, data, metadata, occurred_at)
            """);
        mismatched.ShouldBe(0);
        (await db.ScalarAsync<long>($"select count(*) from events where stream_id in ('{a}', '{b}')")).ShouldBe(3);
        (await new ChainVerifier(db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task an_open_stream_has_no_stream_row_and_closing_it_writes_one_at_its_last_hash()
    {
        var stream = NewStreamId();
        var opened = await AppendAsync(Event(stream, 1, null, Deposit().Data));
        (await db.ScalarAsync<long>($"select count(*) from streams where id = '{stream}'")).ShouldBe(0);

        var closed = await AppendAsync(Event(stream, 2, opened[0], new Withdrawn(1m), closes: true));

        (await db.ScalarAsync<int>($"select version from streams where id = '{stream}'")).ShouldBe(2);
        (await db.ScalarAsync<byte[]>($"select last_hash from streams where id = '{stream}'")).ShouldBe(closed[0]);
        (await db.Store().ReadStreamAsync(stream)).Select(e => e.Version).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task a_version_taken_already_fails_the_whole_transaction_as_a_conflict()
    {
        var stream = NewStreamId();
        var opened = await AppendAsync(Event(stream, 1, null, Deposit().Data));
        await AppendAsync(Event(stream, 2, opened[0], new Withdrawn(1m), closes: true));
        var bystander = NewStreamId();

        var e = await Should.ThrowAsync<PostgresException>(() =>
            AppendAsync(Event(bystander, 1, null, Deposit().Data), Event(stream, 2, opened[0], new Withdrawn(2m), closes: true)));

        ChainedAppend.IsConflict(e).ShouldBeTrue();
        (await db.Store().ReadStreamAsync(bystander)).ShouldBeEmpty();
        (await db.Store().ReadStreamAsync(stream)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_stream_begun_through_ledger_append_cannot_be_closed_through_the_chain()
    {
        var stream = NewStreamId();
        await db.Store().AppendAsync(new StreamAppend(stream, "request", null, ExpectedVersion.NoStream, [Deposit()], EventMetadata.System(), Epoch));
        var prev = await db.ScalarAsync<byte[]>($"select hash from events where stream_id = '{stream}' and version = 1");

        var e = await Should.ThrowAsync<PostgresException>(() => AppendAsync(Event(stream, 2, prev, new Withdrawn(1m), closes: true)));

        ChainedAppend.IsConflict(e).ShouldBeTrue();
        (await db.Store().ReadStreamAsync(stream)).Count.ShouldBe(1);
        (await new ChainVerifier(db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task a_first_event_must_have_no_previous_hash_and_a_later_one_must_have_one()
    {
        Should.Throw<ArgumentException>(() => db.Store().Chain([Event(NewStreamId(), 1, [1, 2], Deposit().Data)]));
        Should.Throw<ArgumentException>(() => db.Store().Chain([Event(NewStreamId(), 2, null, Deposit().Data)]));
    }
}
