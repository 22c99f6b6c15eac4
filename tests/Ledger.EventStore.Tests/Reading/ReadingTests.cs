using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Reading;

public sealed class ReadingTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task unknown_event_type_name_on_read_names_it()
    {
        var stream = NewStreamId();
        var appended = await db.Store().AppendAsync(To(stream, Deposit()));
        await db.ExecuteAsync("update mt_events set type = 'V9.Vanished' where stream_id = $1", stream);

        var error = await Should.ThrowAsync<UnknownEventTypeException>(() => db.Store().ReadStreamAsync(stream));

        error.TypeName.ShouldBe("V9.Vanished");
        error.Message.ShouldContain("V9.Vanished");
        error.Message.ShouldContain($"#{appended.Events[0].Seq}");
    }

    [Fact]
    public async Task event_data_is_snake_case_json_with_enums_as_strings_and_the_actor_and_correlation_are_metadata()
    {
        var stream = NewStreamId();
        await db.Store().AppendAsync(To(stream, new NewEvent(Guid.NewGuid(), new Deposited(5m, Channel.OperatorConsole))));

        var json = await db.ScalarAsync<string>("select data::text from mt_events where stream_id = $1", stream);
        var actor = await db.ScalarAsync<string>("select headers->>'actor' from mt_events where stream_id = $1", stream);
        var correlation = await db.ScalarAsync<string>("select correlation_id from mt_events where stream_id = $1", stream);

        json.ShouldBe("""{"amount": 5, "channel": "operator_console"}""");
        actor.ShouldBe("system");
        Guid.TryParse(correlation, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task reading_a_stream_from_a_version_skips_earlier_events()
    {
        var stream = NewStreamId();
        await db.Store().AppendAsync(To(stream, Deposit(), Deposit(), Deposit()));

        (await db.Store().ReadStreamAsync(stream, fromVersion: 2)).Select(e => e.Version).ShouldBe([2, 3]);
    }

    [Fact]
    public async Task read_all_pages_by_seq()
    {
        var first = await db.Store().AppendAsync(To(NewStreamId(), Deposit(), Deposit(), Deposit()));
        var fromSeq = first.Events[0].Seq;

        var page = await db.Store().ReadAllAsync(fromSeq, 2);

        page.Select(e => e.Seq).ShouldBe([fromSeq, fromSeq + 1]);
    }

    [Fact]
    public async Task occurred_at_is_stored_to_the_microsecond()
    {
        var stream = NewStreamId();
        var at = new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);

        var result = await db.Store().AppendAsync(To(stream, Deposit()) with { OccurredAt = at });

        var read = (await db.Store().ReadStreamAsync(stream)).Single();
        read.OccurredAt.ShouldBe(at.AddTicks(-7));
        result.Events[0].ShouldBe(read);
    }
}
