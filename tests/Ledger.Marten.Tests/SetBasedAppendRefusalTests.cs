using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using Ledger.Testing;
using Marten;
using Npgsql;

namespace Ledger.Marten.Tests;

/// <summary>What the set-based writer refuses: a batch that would leave a stream other than Marten would leave it.</summary>
public sealed class SetBasedAppendRefusalTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private DocumentStore _store = null!;
    private readonly Guid _requestId = Guid.NewGuid();
    private string Stream => Ledger.Domain.Streams.Request(_requestId);

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _store = await Stores.CreateAsync(_db);
        await Stores.AppendSetBasedAsync(_store, _db, [Row(1)]);
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Starting_a_stream_that_exists_fails_on_Marten_stream_and_version_index()
    {
        // the events are inserted before the stream heads are counted, so this is the index's answer
        var error = await Should.ThrowAsync<PostgresException>(() => Stores.AppendSetBasedAsync(_store, _db, [Row(1, Guid.NewGuid())]));
        (error.SqlState, error.ConstraintName).ShouldBe((PostgresErrorCodes.UniqueViolation, "pk_mt_events_stream_and_version"));
        await ShouldHoldOnlyTheFirstEventAsync();
    }

    [Fact]
    public async Task A_version_stored_already_fails_on_Marten_stream_and_version_index()
    {
        await Stores.AppendSetBasedAsync(_store, _db, [Row(2)]);
        var error = await Should.ThrowAsync<PostgresException>(() => Stores.AppendSetBasedAsync(_store, _db, [Row(2)]));
        (error.SqlState, error.ConstraintName).ShouldBe((PostgresErrorCodes.UniqueViolation, "pk_mt_events_stream_and_version"));
    }

    [Fact]
    public async Task A_stream_not_at_the_version_before_the_batch_is_refused_and_nothing_commits()
    {
        var other = Guid.NewGuid();
        var error = await Should.ThrowAsync<PostgresException>(() => Stores.AppendSetBasedAsync(_store, _db,
            [Row(1, other, Ledger.Domain.Streams.Request(other)), Row(3)]));
        error.MessageText.ShouldContain("set-based append: 1 of 2 streams were not at the version before their first event");
        await using var session = _store.QuerySession();
        (await session.Events.FetchStreamStateAsync(Ledger.Domain.Streams.Request(other))).ShouldBeNull();
        await ShouldHoldOnlyTheFirstEventAsync();
    }

    [Fact]
    public async Task A_gap_inside_the_batch_is_refused_before_anything_is_sent() =>
        await Should.ThrowAsync<ArgumentException>(() => Stores.AppendSetBasedAsync(_store, _db, [Row(2), Row(4)]));

    [Fact]
    public async Task A_store_configured_otherwise_than_Ledger_is_refused()
    {
        using var withoutHeaders = await Stores.CreateAsync(_db, adjust: o => o.Events.MetadataConfig.HeadersEnabled = false);
        Should.Throw<NotSupportedException>(() => new SetBasedAppend(withoutHeaders));
    }

    private async Task ShouldHoldOnlyTheFirstEventAsync()
    {
        await using var session = _store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Stream);
        events.Select(e => (e.Version, e.Data)).ShouldBe([(1L, Row(1).Data)]);
        (await session.Events.FetchStreamStateAsync(Stream)).ShouldNotBeNull().Version.ShouldBe(1);
    }

    private EventRow Row(long version, Guid? id = null, string? stream = null) => new(
        stream ?? Stream, version, id ?? new Guid($"00000000-0000-0000-0000-{version:D12}"),
        version == 1
            ? new RequestAdmitted(_requestId, Guid.Empty, Guid.Empty, "gpt-4o-mini", OrgTier.Standard, false, 1, 1, 1m, "EUR")
            : new RequestRejected(_requestId, null, null, null, "version_" + version, 400, "a later event"),
        DateTimeOffset.UnixEpoch.AddDays(20_000 + version), "system", null, "corr", "cause",
        PreviousHash: version == 1 ? null : new byte[32]);
}
