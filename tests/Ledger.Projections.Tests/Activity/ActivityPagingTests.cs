using Ledger.Projections.Activity;
using Ledger.Projections.Tests.Support;
using Ledger.Testing;

namespace Ledger.Projections.Tests.Activity;

public sealed class ActivityPagingTests : IAsyncLifetime
{
    private readonly ReadModelDatabase _db = new();
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private LedgerHistory _history = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _history = await new LedgerHistory(_db.Store, seed: 3).SignUpAsync(orgs: 2, keysPerOrg: 3, Start);
        await _history.RequestsAsync(2500, Start, Start.AddDays(20));
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    /// <summary>The oracle: requests of the org whose first event is at or below the position, from the events' json.</summary>
    private Task<List<string>> ExpectedAsync(Guid orgId, long position, string where) => _db.RowsAsync($"""
        select data->>'request_id' from ledger_events
         where org_id = '{orgId}' and version = 1 and seq <= {position} and type in ('V1.RequestAdmitted', 'V1.RequestRejected') {where}
         order by occurred_at desc, (data->>'request_id')::uuid desc
        """);

    [Theory]
    [InlineData("model", "claude-4")]
    [InlineData("status", "429")]
    [InlineData("key", "")]
    [InlineData("none", "")]
    public async Task paging_with_a_filter_returns_every_matching_row_exactly_once_newest_first_while_requests_arrive(string filterBy, string value)
    {
        var org = _history.Orgs[0];
        var key = _history.Keys[org.OrgId][1];
        var filter = filterBy switch
        {
            "model" => new ActivityFilter(Model: value),
            "status" => new ActivityFilter(Status: StatusFilter.Parse(value)),
            "key" => new ActivityFilter(KeyId: key, From: Start.AddDays(2), To: Start.AddDays(15)),
            _ => new ActivityFilter(),
        };
        var where = filterBy switch
        {
            "model" => $"and data->>'model' = '{value}'",
            "status" => "and type = 'V1.RequestRejected' and (data->>'status')::int = 429",
            "key" => $"and data->>'key_id' = '{key}' and occurred_at >= '{Start.AddDays(2):O}' and occurred_at < '{Start.AddDays(15):O}'",
            _ => "",
        };

        await using var daemon = _db.Daemon();
        await daemon.StartAsync();
        await _db.CaughtUpAsync();

        // new requests keep arriving while the client pages, some admitted "earlier" (a slow node's late commit)
        using var stop = new CancellationTokenSource();
        var arriving = Task.Run(async () =>
        {
            var at = Start.AddDays(10);
            while (!stop.IsCancellationRequested)
            {
                var (first, second) = _history.Request(at = at.AddMinutes(7), org, key, "claude-4");
                await _db.Store.AppendAsync(first);
                if (second is not null) await _db.Store.AppendAsync(second);
            }
        });

        var seen = new List<ActivityItem>();
        ActivityCursor? cursor = null;
        long position = 0;
        do
        {
            var page = await ActivityQuery.ReadAsync(_db.DataSource, org.OrgId, filter, cursor, 37, default);
            position = cursor?.Position ?? page.Position;
            page.Position.ShouldBe(position);
            seen.AddRange(page.Data);
            cursor = page.NextCursor is { } next ? ActivityCursor.TryDecode(next) : null;
            await Task.Delay(5);
        } while (cursor is not null);
        await stop.CancelAsync();
        await arriving;

        var expected = await ExpectedAsync(org.OrgId, position, where);
        expected.Count.ShouldBeGreaterThan(20);
        seen.Select(r => r.RequestId.ToString()).ShouldBe(expected);
        seen.Select(r => r.RequestId).Distinct().Count().ShouldBe(seen.Count);
        (await _db.ScalarAsync<long>("select count(*) from activity")).ShouldBeGreaterThan(2500 * 95 / 100);
    }

    [Fact]
    public async Task a_row_shows_the_key_name_prefix_model_provider_tokens_cost_and_latency_of_its_request()
    {
        var org = _history.Orgs[0];
        var key = _history.Keys[org.OrgId][0];
        await _history.RenameAsync(org.OrgId, key, "billing-bot", Start);
        await using var daemon = _db.Daemon();
        await daemon.StartAsync();
        await _db.CaughtUpAsync();
        var page = await ActivityQuery.ReadAsync(_db.DataSource, org.OrgId, new ActivityFilter(KeyId: key, Status: StatusFilter.Parse("200")), null, 500, default);
        page.Data.ShouldNotBeEmpty();
        foreach (var row in page.Data)
        {
            row.KeyName.ShouldBe("billing-bot");
            row.KeyPrefix.ShouldBe("sk-00");
            var charged = await _db.ScalarAsync<decimal>(
                $"select (data->>'charged')::numeric from ledger_events where stream_id = 'req-{row.RequestId}' and version = 2");
            row.Cost.ShouldBe(charged);
            row.Provider.ShouldNotBeNull();
            row.TokensIn.ShouldNotBeNull();
            row.LatencyMs.ShouldNotBeNull();
            row.Currency.ShouldBe("EUR");
        }
    }
}
