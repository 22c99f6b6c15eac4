using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Verifying;

/// <summary>Each test tampers, so each gets its own database.</summary>
public sealed class VerifyTests : IAsyncLifetime
{
    private readonly StoreDatabase _db = new();
    private string[] _streams = [];
    private List<AppendResult> _appended = [];

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _streams = Enumerable.Range(0, 3).Select(_ => NewStreamId()).ToArray();
        foreach (var stream in _streams)
            _appended.Add(await _db.Store().AppendAsync(To(stream, Deposit(1m), Deposit(2m))));
        foreach (var stream in _streams)
            _appended.Add(await _db.Store().AppendAsync(To(stream, Deposit(3m))));
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private Task<ChainVerification> VerifyAsync() => new ChainVerifier(_db.DataSource).VerifyAsync();

    [Fact]
    public async Task a_clean_store_verifies()
    {
        var result = await VerifyAsync();

        result.ShouldBe(new ChainVerification(true, 9, null));
    }

    [Fact]
    public async Task an_updated_event_is_reported_as_altered()
    {
        var target = _appended[1].Events[1];
        await _db.ExecuteAsync("update events set data = jsonb_set(data::jsonb, '{amount}', '2000')::json where seq = $1", target.Seq);

        var result = await VerifyAsync();

        result.Ok.ShouldBeFalse();
        result.FirstProblem.ShouldBe(new ChainProblem(target.Seq, target.StreamId, 2, "altered", "the stored hash does not match the event's contents"));
    }

    [Fact]
    public async Task a_deleted_middle_event_is_reported_as_missing_at_the_event_after_it()
    {
        var deleted = _appended[0].Events[1];
        var next = _appended[3].Events[0];
        await _db.ExecuteAsync("delete from events where seq = $1", deleted.Seq);

        var problem = (await VerifyAsync()).FirstProblem.ShouldNotBeNull();

        problem.ShouldSatisfyAllConditions(
            p => p.Kind.ShouldBe("missing"),
            p => p.Seq.ShouldBe(next.Seq),
            p => p.StreamId.ShouldBe(deleted.StreamId),
            p => p.Version.ShouldBe(2));
    }

    [Fact]
    public async Task a_deleted_last_event_of_a_stream_is_reported_as_missing()
    {
        var deleted = _appended[4].Events[0];
        await _db.ExecuteAsync("delete from events where seq = $1", deleted.Seq);

        var result = await VerifyAsync();

        result.EventsChecked.ShouldBe(8);
        result.FirstProblem.ShouldNotBeNull().ShouldSatisfyAllConditions(
            p => p.Kind.ShouldBe("missing"),
            p => p.Seq.ShouldBeNull(),
            p => p.StreamId.ShouldBe(deleted.StreamId),
            p => p.Version.ShouldBe(3));
    }

    [Fact]
    public async Task a_deleted_last_event_of_a_closed_chained_stream_is_reported_as_missing()
    {
        var stream = NewStreamId();
        var store = _db.Store();
        ChainedEvent At(int version, byte[]? prev) =>
            new(stream, "request", null, version, prev, Deposit(), EventMetadata.System(), Epoch, Closes: version == 2);
        var opened = store.Chain([At(1, null)]);
        await RunAsync(opened);
        await RunAsync(store.Chain([At(2, opened.Hashes[0])]));
        (await VerifyAsync()).Ok.ShouldBeTrue();

        await _db.ExecuteAsync("delete from events where stream_id = $1 and version = 2", stream);

        var problem = (await VerifyAsync()).FirstProblem.ShouldNotBeNull();
        problem.ShouldSatisfyAllConditions(
            p => p.Kind.ShouldBe("missing"),
            p => p.StreamId.ShouldBe(stream),
            p => p.Version.ShouldBe(2));
    }

    private async Task RunAsync(ChainedAppend append)
    {
        await using var batch = _db.DataSource.CreateBatch();
        foreach (var command in append.Commands()) batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task a_rewritten_chain_that_skips_an_event_is_reported_as_a_broken_link()
    {
        // delete version 2 and renumber: versions are contiguous and every hash matches its own row,
        // but version 2 (old 3) points at the deleted event's hash
        var stream = _streams[2];
        await _db.ExecuteAsync("delete from events where stream_id = $1 and version = 2", stream);
        await _db.ExecuteAsync("update events set version = 2 where stream_id = $1 and version = 3", stream);
        await _db.ExecuteAsync("""
            update events set hash = ledger_event_hash(prev_hash, stream_id, version, type, data, metadata, occurred_at)
             where stream_id = $1 and version = 2
            """, stream);
        await _db.ExecuteAsync(
            "update streams set version = 2, last_hash = (select hash from events where stream_id = $1 and version = 2) where id = $1", stream);

        var problem = (await VerifyAsync()).FirstProblem.ShouldNotBeNull();

        problem.Kind.ShouldBe("broken_link");
        problem.StreamId.ShouldBe(stream);
        problem.Version.ShouldBe(2);
    }
}
