using Ledger.EventStore.Tests.Support;
using Ledger.Marten.Chain;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Verifying;

/// <summary>Each test tampers with <c>mt_events</c> or <c>mt_streams</c> by hand, so each gets its own database.</summary>
public sealed class VerifyTests : IAsyncLifetime
{
    private const string Altered = "the stored hash does not match the event's contents, or an earlier event of its stream was altered";
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

    [Theory]
    [InlineData("data = jsonb_set(data, '{amount}', '2000')")]
    [InlineData("type = 'V1.Withdrawn'")]
    [InlineData("timestamp = timestamp + interval '1 second'")]
    [InlineData("correlation_id = 'forged'")]
    [InlineData("headers = jsonb_set(headers, '{actor}', '\"operator\"')")]
    [InlineData("headers = headers - 'hash'")]
    public async Task an_updated_event_is_reported_as_altered(string update)
    {
        var target = _appended[1].Events[1];
        await _db.ExecuteAsync($"update mt_events set {update} where seq_id = $1", target.Seq);

        var result = await VerifyAsync();

        result.Ok.ShouldBeFalse();
        result.FirstProblem.ShouldBe(new ChainProblem(target.Seq, target.StreamId, 2, "altered", Altered));
    }

    [Fact]
    public async Task a_deleted_middle_event_is_reported_as_missing_at_the_event_after_it()
    {
        var deleted = _appended[0].Events[1];
        var next = _appended[3].Events[0];
        await _db.ExecuteAsync("delete from mt_events where seq_id = $1", deleted.Seq);

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
        await _db.ExecuteAsync("delete from mt_events where seq_id = $1", deleted.Seq);

        var result = await VerifyAsync();

        result.EventsChecked.ShouldBe(8);
        result.FirstProblem.ShouldNotBeNull().ShouldSatisfyAllConditions(
            p => p.Kind.ShouldBe("missing"),
            p => p.Seq.ShouldBeNull(),
            p => p.StreamId.ShouldBe(deleted.StreamId),
            p => p.Version.ShouldBe(3));
    }

    [Fact]
    public async Task a_deleted_settlement_of_a_request_stream_is_reported_as_missing()
    {
        var stream = NewStreamId();
        var store = _db.Store();
        ChainedEvent At(int version, byte[]? prev) => new(stream, null, version, prev, Deposit(), EventMetadata.System(), Epoch);
        var opened = store.Chain([At(1, null)]);
        await RunAsync(opened);
        await RunAsync(store.Chain([At(2, opened.Hashes[0])]));
        (await VerifyAsync()).Ok.ShouldBeTrue();

        await _db.ExecuteAsync("delete from mt_events where stream_id = $1 and version = 2", stream);

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
    public async Task a_rewritten_chain_that_skips_an_event_is_reported_at_the_event_moved_up()
    {
        // delete version 2, renumber 3 as 2 and give it a hash that is right for its own row after the
        // deleted event's hash: versions are contiguous and the stream's version fits, but the chain
        // from version 1 does not lead to it
        var stream = _streams[2];
        var (deleted, moved) = (_appended[2].Events[1], _appended[5].Events[0]);
        var deletedHash = await _db.ScalarAsync<string>("select headers->>'hash' from mt_events where seq_id = $1", deleted.Seq);
        await _db.ExecuteAsync("delete from mt_events where seq_id = $1", deleted.Seq);
        await _db.ExecuteAsync("update mt_events set version = 2 where seq_id = $1", moved.Seq);
        await _db.ExecuteAsync("update mt_streams set version = 2 where id = $1", stream);
        var data = await _db.ScalarAsync<string>("select data::text from mt_events where seq_id = $1", moved.Seq);
        var forged = EventChain.Hash(Convert.FromBase64String(deletedHash), new ChainedFields(stream, 2, moved.Type, data,
            moved.Metadata.CorrelationId.ToString(), null, moved.Metadata.Actor, null, moved.OccurredAt));
        await _db.ExecuteAsync("update mt_events set headers = jsonb_set(headers, '{hash}', to_jsonb($2::text)) where seq_id = $1",
            moved.Seq, Convert.ToBase64String(forged));

        var problem = (await VerifyAsync()).FirstProblem.ShouldNotBeNull();

        problem.ShouldBe(new ChainProblem(moved.Seq, stream, 2, "altered", Altered));
    }
}
