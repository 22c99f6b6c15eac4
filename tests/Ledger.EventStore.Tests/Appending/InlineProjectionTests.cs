using Ledger.EventStore.Tests.Support;
using Npgsql;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Appending;

public sealed class InlineProjectionTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task inline_projection_writes_commit_with_the_events()
    {
        var projection = new CountingProjection("inline-" + Guid.NewGuid());
        var stream = NewStreamId();

        await db.Store(projection).AppendAsync(To(stream, Deposit(), Deposit()));

        (await db.ScalarAsync<int>("select events from stream_counts where projection = $1 and stream_id = $2", projection.Name, stream)).ShouldBe(2);
    }

    [Fact]
    public async Task a_throwing_inline_projection_leaves_no_events()
    {
        var projection = new CountingProjection("inline-" + Guid.NewGuid(), failOn: _ => true);
        var stream = NewStreamId();

        await Should.ThrowAsync<InvalidOperationException>(() => db.Store(projection).AppendAsync(To(stream, Deposit())));

        (await db.Store().ReadStreamAsync(stream)).ShouldBeEmpty();
        (await db.ScalarAsync<long>("select count(*) from streams where id = $1", stream)).ShouldBe(0);
    }

    [Fact]
    public async Task events_and_inline_writes_roll_back_with_the_callers_transaction()
    {
        var projection = new CountingProjection("inline-" + Guid.NewGuid());
        var stream = NewStreamId();
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await db.Store(projection).AppendAsync(connection, tx, To(stream, Deposit()));
            (await new NpgsqlCommand("select count(*) from stream_counts where stream_id = $1", connection, tx)
                { Parameters = { new() { Value = stream } } }.ExecuteScalarAsync()).ShouldBe(1L);
            await tx.RollbackAsync();
        }

        (await db.Store().ReadStreamAsync(stream)).ShouldBeEmpty();
        (await db.ScalarAsync<long>("select count(*) from stream_counts where stream_id = $1", stream)).ShouldBe(0);
    }

    [Fact]
    public async Task a_retried_append_is_not_projected_twice()
    {
        var projection = new CountingProjection("inline-" + Guid.NewGuid());
        var stream = NewStreamId();
        var append = To(stream, Deposit());

        await db.Store(projection).AppendAsync(append);
        await db.Store(projection).AppendAsync(append);

        (await db.ScalarAsync<int>("select events from stream_counts where projection = $1 and stream_id = $2", projection.Name, stream)).ShouldBe(1);
    }

    [Fact]
    public async Task many_streams_append_in_one_transaction_or_not_at_all()
    {
        var store = db.Store();
        var (a, b) = (NewStreamId(), NewStreamId());
        await store.AppendAsync(To(b, ExpectedVersion.NoStream, Deposit()));

        await Should.ThrowAsync<ConcurrencyException>(() =>
            store.AppendAsync([To(a, ExpectedVersion.NoStream, Deposit()), To(b, ExpectedVersion.NoStream, Deposit())]));
        (await store.ReadStreamAsync(a)).ShouldBeEmpty();

        var results = await store.AppendAsync([To(a, ExpectedVersion.NoStream, Deposit()), To(b, ExpectedVersion.Exactly(1), Deposit())]);
        results.Select(r => (r.StreamId, r.Version)).ShouldBe([(a, 1), (b, 2)]);
        results[0].Events[0].TxId.ShouldBe(results[1].Events[0].TxId);
    }
}
