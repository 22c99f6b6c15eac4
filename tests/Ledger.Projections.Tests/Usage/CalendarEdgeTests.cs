using Ledger.Projections.Invoices;
using Ledger.Projections.Tests.Support;
using Ledger.Projections.Usage;
using Ledger.Testing;

namespace Ledger.Projections.Tests.Usage;

public sealed class CalendarEdgeTests : IAsyncLifetime
{
    private readonly ReadModelDatabase _db = new();
    private LedgerHistory _history = null!;
    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _history = await new LedgerHistory(_db.Store).SignUpAsync(orgs: 2, keysPerOrg: 1, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }
    public Task DisposeAsync() => _db.DisposeAsync();

    /// <summary>Settled requests at the given instants for one org (re-drawn until each one settles with a charge).</summary>
    private async Task RequestsAtAsync(int org, params DateTimeOffset[] instants)
    {
        foreach (var at in instants)
            while (true)
            {
                var (first, second) = _history.Request(at, _history.Orgs[org]);
                if (second?.Events[0].Data is not Domain.Requests.RequestCompleted { Charged: > 0 }) continue;
                await _db.Store.AppendAsync(first);
                await _db.Store.AppendAsync(second);
                break;
            }
    }

    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task ist_midnight_is_1830_utc_and_a_millisecond_either_side_lands_on_different_days_and_months()
    {
        var istMidnight = new DateTimeOffset(2026, 3, 31, 18, 30, 0, TimeSpan.Zero); // 1 April 00:00 in Kolkata
        await RequestsAtAsync(1, istMidnight - Ms, istMidnight, istMidnight + Ms);
        await using var daemon = _db.Daemon();
        await daemon.StartAsync();
        await _db.CaughtUpAsync();
        var org = _history.Orgs[1];

        var days = await UsageQuery.ReadAsync(_db.DataSource, org.OrgId, UsageGrouping.Day, null, null, default);
        days.Series.Select(p => (p.Group, p.Requests)).ShouldBe([("2026-03-31", 1L), ("2026-04-01", 2L)]);
        var hours = await UsageQuery.ReadAsync(_db.DataSource, org.OrgId, UsageGrouping.Hour, null, null, default);
        hours.Series.Select(p => p.Group).ShouldBe(["2026-03-31T23:00:00+05:30", "2026-04-01T00:00:00+05:30"]);

        var book = (await InvoiceReader.LoadAsync(_db.DataSource, org.OrgId, default))!;
        book.For(new DateOnly(2026, 3, 1)).Requests.ShouldBe(1);
        book.For(new DateOnly(2026, 4, 1)).Requests.ShouldBe(2);
        book.For(new DateOnly(2026, 4, 1)).PeriodStart.ShouldBe(istMidnight);

        // from/to as dates are the org's local midnights
        var april = await UsageQuery.ReadAsync(_db.DataSource, org.OrgId, UsageGrouping.Model, istMidnight, null, default);
        april.Totals.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task paris_month_end_follows_local_midnight_not_utc_midnight()
    {
        var parisMidnight = new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero); // 1 February 00:00 in Paris (UTC+1)
        await RequestsAtAsync(0, parisMidnight - Ms, parisMidnight, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero) - Ms);
        await using var daemon = _db.Daemon();
        await daemon.StartAsync();
        await _db.CaughtUpAsync();
        var book = (await InvoiceReader.LoadAsync(_db.DataSource, _history.Orgs[0].OrgId, default))!;
        book.Months.ShouldBe([new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1)]);
        book.For(new DateOnly(2026, 1, 1)).Requests.ShouldBe(1);
        book.For(new DateOnly(2026, 2, 1)).Requests.ShouldBe(2);
    }

    [Fact]
    public async Task a_sunday_just_before_midnight_and_the_monday_after_are_separate_local_days()
    {
        // Monday 2 March 2026 00:00 in Kolkata; weekly budgets start here, so usage must split here too
        var monday = new DateTimeOffset(2026, 3, 1, 18, 30, 0, TimeSpan.Zero);
        await RequestsAtAsync(1, monday - Ms, monday);
        await using var daemon = _db.Daemon();
        await daemon.StartAsync();
        await _db.CaughtUpAsync();
        var days = await UsageQuery.ReadAsync(_db.DataSource, _history.Orgs[1].OrgId, UsageGrouping.Day, null, null, default);
        days.Series.Select(p => p.Group).ShouldBe(["2026-03-01", "2026-03-02"]);
        DateOnly.Parse(days.Series[1].Group, System.Globalization.CultureInfo.InvariantCulture).DayOfWeek.ShouldBe(DayOfWeek.Monday);
    }
}
