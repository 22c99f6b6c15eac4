using JasperFx.Events;
using Ledger.Domain.Requests;
using Ledger.Testing;
using Marten;

namespace Ledger.Marten.Tests;

/// <summary>
/// The set-based writer's pin: the same history appended by Marten into one database and inserted by
/// <see cref="SetBasedAppend"/> into another (the events' ids, timestamps and metadata taken from
/// Marten's copy) gives the same rows, the same events read back, the same aggregates and the same
/// daemon-run projections, field for field. Each comparison also checks the data against what was
/// written, so events read back as defaults can never pass as equal.
/// </summary>
public sealed class SetBasedAppendTests : IAsyncLifetime
{
    private readonly TestDatabase _martenDb = new();
    private readonly TestDatabase _setBasedDb = new();
    private readonly RequestHistory _history = RequestHistory.Create();
    private DocumentStore? _marten, _setBased;

    public async Task InitializeAsync()
    {
        await _martenDb.InitializeAsync();
        await _setBasedDb.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        _marten?.Dispose();
        _setBased?.Dispose();
        await _martenDb.DisposeAsync();
        await _setBasedDb.DisposeAsync();
    }

    [Theory]
    [InlineData(EventAppendMode.Rich)]
    [InlineData(EventAppendMode.Quick)]
    public async Task The_rows_are_column_for_column_the_rows_Marten_writes(EventAppendMode mode)
    {
        await ArrangeAsync(mode);
        const string events = "select (to_jsonb(e) - 'data')::text || ' ' || e.data::text from mt_events e order by seq_id";
        var expected = await Stores.RowsAsync(_martenDb, events);
        expected.Count.ShouldBe(_history.Started.Count + _history.Settled.Count);
        (await Stores.RowsAsync(_setBasedDb, events)).ShouldBe(expected);

        // a stream's timestamp and created are now() where Marten writes them, the events' time here
        const string streams = "select (to_jsonb(s) - 'timestamp' - 'created')::text from mt_streams s order by id";
        (await Stores.RowsAsync(_setBasedDb, streams)).ShouldBe(await Stores.RowsAsync(_martenDb, streams));
        (await Stores.RowsAsync(_setBasedDb, """
            select s.id from mt_streams s
             where s.created <> (select min(timestamp) from mt_events where stream_id = s.id)
                or s.timestamp <> (select max(timestamp) from mt_events where stream_id = s.id)
            """)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(EventAppendMode.Rich)]
    [InlineData(EventAppendMode.Quick)]
    public async Task FetchStreamAsync_reads_every_field_as_Marten_appended_it(EventAppendMode mode)
    {
        await ArrangeAsync(mode);
        var serializer = _marten!.Options.Serializer();
        var written = _history.Started.Concat(_history.Settled).ToLookup(x => x.Stream, x => serializer.ToJson(x.Event));
        foreach (var stream in _history.Started.Select(x => x.Stream))
        {
            var expected = await FetchAsync(_marten, stream);
            expected.Select(e => e.Data).ShouldBe(written[stream], $"{stream}: Marten's own events read back as written");
            expected.ShouldAllBe(e => e.Headers.Contains($"actor={Actor}") && e.Headers.Contains("hash="), $"{stream}: the headers read back");
            (await FetchAsync(_setBased!, stream)).ShouldBe(expected, stream);
        }
        // Marten's stream state too, but the timestamps (now() in Marten's writes)
        foreach (var stream in _history.Started.Select(x => x.Stream))
        {
            await using var a = _marten.QuerySession();
            await using var b = _setBased!.QuerySession();
            var (x, y) = ((await a.Events.FetchStreamStateAsync(stream))!, (await b.Events.FetchStreamStateAsync(stream))!);
            (y.Key, y.Id, y.Version, y.AggregateType, y.IsArchived).ShouldBe((x.Key, x.Id, x.Version, x.AggregateType, x.IsArchived), stream);
        }
    }

    [Theory]
    [InlineData(EventAppendMode.Rich)]
    [InlineData(EventAppendMode.Quick)]
    public async Task AggregateStreamAsync_builds_the_same_aggregate(EventAppendMode mode)
    {
        await ArrangeAsync(mode);
        var serializer = _marten!.Options.Serializer();
        foreach (var (stream, first) in _history.Started)
        {
            await using var a = _marten.QuerySession();
            await using var b = _setBased!.QuerySession();
            var expected = (await a.Events.AggregateStreamAsync<RequestSummary>(stream)).ShouldNotBeNull();
            expected.Model.ShouldBe(first is RequestAdmitted admitted ? admitted.Model : null);
            expected.FirstSequence.ShouldBeGreaterThan(0);
            serializer.ToJson(await b.Events.AggregateStreamAsync<RequestSummary>(stream)).ShouldBe(serializer.ToJson(expected), stream);
        }
    }

    [Theory]
    [InlineData(EventAppendMode.Rich)]
    [InlineData(EventAppendMode.Quick)]
    public async Task The_daemon_projects_them_as_it_projects_events_Marten_appended(EventAppendMode mode)
    {
        await ArrangeAsync(mode);
        await Stores.ProjectAsync(_marten!);
        await Stores.ProjectAsync(_setBased!);

        var serializer = _marten!.Options.Serializer();
        var summaries = await DocumentsAsync<RequestSummary>(_marten);
        summaries.Count.ShouldBe(_history.Started.Count);
        summaries.ShouldAllBe(s => s.OrgId != Guid.Empty || s.RejectedCode != null);
        Json(await DocumentsAsync<RequestSummary>(_setBased!)).ShouldBe(Json(summaries));

        var usage = await DocumentsAsync<OrgUsage>(_marten);
        var admitted = _history.Started.Select(x => x.Event).OfType<RequestAdmitted>().ToList();
        var completed = _history.Settled.Select(x => x.Event).OfType<RequestCompleted>().ToList();
        foreach (var org in RequestHistory.Orgs)
            usage.Single(u => u.Id == org).ShouldSatisfyAllConditions(
                u => u.Admitted.ShouldBe(admitted.Count(a => a.OrgId == org)),
                u => u.Rejected.ShouldBe(_history.Started.Select(x => x.Event).OfType<RequestRejected>().Count(r => r.OrgId == org)),
                u => u.Completed.ShouldBe(completed.Count(c => c.OrgId == org)),
                u => u.Charged.ShouldBe(completed.Where(c => c.OrgId == org).Sum(c => c.Charged)));
        Json(await DocumentsAsync<OrgUsage>(_setBased!)).ShouldBe(Json(usage));

        List<string> Json<T>(List<T> documents) => documents.Select(d => serializer.ToJson(d)).Order(StringComparer.Ordinal).ToList();
        static async Task<List<T>> DocumentsAsync<T>(IDocumentStore store) where T : notnull
        {
            await using var session = store.QuerySession();
            return (await session.Query<T>().ToListAsync()).ToList();
        }
    }

    /// <summary>
    /// Marten appends the history in two sessions (the first events, then the completions); the
    /// writer inserts the same events, in Marten's sequence order and in the same two transactions.
    /// </summary>
    private async Task ArrangeAsync(EventAppendMode mode)
    {
        _marten = await Stores.CreateAsync(_martenDb, mode);
        _setBased = await Stores.CreateAsync(_setBasedDb, mode);

        await using (var session = _marten.LightweightSession())
        {
            (session.CorrelationId, session.CausationId) = ("corr-admit", "cause-admit");
            foreach (var (stream, e) in _history.Started) Headed(session.Events.StartStream(stream, e).Events[0], e);
            await session.SaveChangesAsync();
        }
        await using (var session = _marten.LightweightSession())
        {
            (session.CorrelationId, session.CausationId) = ("corr-settle", "cause-settle");
            foreach (var (stream, e) in _history.Settled) Headed(session.Events.Append(stream, e).Events[0], e);
            await session.SaveChangesAsync();
        }

        await using var query = _marten.QuerySession();
        var appended = await query.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        var rows = appended.Select(e => new EventRow(e.StreamKey!, e.Version, e.Id, e.Data, e.Timestamp, Actor,
            OrgOf(e.Data), e.CorrelationId, e.CausationId)).ToList();
        var started = new SetBasedAppend(_setBased).Prepare(rows.Where(r => r.Version == 1).ToList());
        var hashes = rows.Where(r => r.Version == 1).Zip(started.Hashes).ToDictionary(x => x.First.StreamKey, x => x.Second);
        await Stores.AppendSetBasedAsync(_setBased, _setBasedDb, rows.Where(r => r.Version == 1).ToList());
        await Stores.AppendSetBasedAsync(_setBased, _setBasedDb, rows.Where(r => r.Version > 1).Select(r => r with { PreviousHash = hashes[r.StreamKey] }).ToList());

        // Marten cannot know an event's hash before it has its timestamp: give its rows the hash the
        // chain computes for them, as the writer stored it, so that the rows can be compared whole
        await using var sets = _setBasedDb.DataSource.CreateCommand("select id, headers->>'hash' from mt_events");
        var stored = new List<(Guid Id, string Hash)>();
        await using (var reader = await sets.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored.Add((reader.GetGuid(0), reader.GetString(1)));
        await using var update = _martenDb.DataSource.CreateCommand("""
            update mt_events m set headers = m.headers || jsonb_build_object('hash', u.hash)
              from unnest($1::uuid[], $2::text[]) as u(id, hash) where u.id = m.id
            """);
        update.Parameters.Add(new() { Value = stored.Select(s => s.Id).ToArray() });
        update.Parameters.Add(new() { Value = stored.Select(s => s.Hash).ToArray() });
        (await update.ExecuteNonQueryAsync()).ShouldBe(rows.Count);

        static void Headed(JasperFx.Events.IEvent e, object data)
        {
            e.SetHeader("actor", Actor);
            if (OrgOf(data) is Guid org) e.SetHeader("org", org.ToString());
        }
    }

    private const string Actor = "key:7c1f0b8e-3f5d-4a57-9a44-1d2b7f6a0c11";

    private static Guid? OrgOf(object data) => data switch
    {
        RequestAdmitted a => a.OrgId,
        RequestRejected r => r.OrgId,
        RequestCompleted c => c.OrgId,
        _ => null,
    };

    /// <summary>Every field of every event Marten reads back, the data as the store's JSON.</summary>
    private static async Task<List<EventFacts>> FetchAsync(IDocumentStore store, string stream)
    {
        await using var session = store.QuerySession();
        var serializer = store.Options.Serializer();
        return (await session.Events.FetchStreamAsync(stream)).Select(e => new EventFacts(
            e.Id, e.Sequence, e.Version, e.StreamKey, e.StreamId, e.Timestamp.ToString("O"), e.TenantId, e.EventTypeName, e.DotNetTypeName,
            e.EventType.FullName, e.Data.GetType().FullName, e.CorrelationId, e.CausationId, e.UserName, Headers(e.Headers), e.IsArchived,
            e.IsSkipped, e.AggregateTypeName, serializer.ToJson(e.Data))).ToList();
    }

    private static string Headers(Dictionary<string, object>? headers) =>
        headers is null ? "none" : string.Join(",", headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"));

    private sealed record EventFacts(
        Guid Id, long Sequence, long Version, string? StreamKey, Guid StreamId, string Timestamp, string? TenantId, string EventTypeName,
        string DotNetTypeName, string? EventType, string? DataType, string? CorrelationId, string? CausationId, string? UserName,
        string Headers, bool IsArchived, bool IsSkipped, string? AggregateTypeName, string Data);
}
