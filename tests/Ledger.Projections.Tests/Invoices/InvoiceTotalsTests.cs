using Ledger.Projections.Invoices;
using Ledger.Projections.Tests.Support;
using Ledger.Projections.Usage;
using Ledger.Testing;

namespace Ledger.Projections.Tests.Invoices;

/// <summary>The oracle here is SQL over the events' own json, not the projection's C#.</summary>
public sealed class InvoiceTotalsTests : IAsyncLifetime
{
    private readonly ReadModelDatabase _db = new();
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private LedgerHistory _history = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _history = await new LedgerHistory(_db.Store, seed: 7).SignUpAsync(orgs: 4, keysPerOrg: 2, Start);
        foreach (var org in _history.Orgs)
        {
            await _history.CreditAsync(org, 15m, Start.AddHours(1), payment: false);
            await _history.CreditAsync(org, 200m, Start.AddMonths(1).AddDays(2));
        }
        await _history.RequestsAsync(3000, Start, Start.AddMonths(3));
        await using var daemon = _db.Daemon();
        await daemon.StartAsync();
        await _db.CaughtUpAsync();
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private const string ChargedByMonth = """
        select coalesce(sum((e.data->>'charged')::numeric), 0)
          from ledger_events e
         where e.org_id = $1 and e.type in ('V1.RequestCompleted', 'V1.ReservationExpired')
           and date_trunc('month', (e.data->>'admitted_at')::timestamptz at time zone $2)::date = $3
        """;

    [Fact]
    public async Task each_invoice_total_equals_the_sum_of_its_charged_costs_to_the_last_digit()
    {
        var checkedMonths = 0;
        foreach (var org in _history.Orgs)
        {
            var book = (await InvoiceReader.LoadAsync(_db.DataSource, org.OrgId, default))!;
            // local months: a request at 23:30 UTC on 31 March is April in Paris and in Kolkata
            book.Months.Count.ShouldBeInRange(3, 4);
            foreach (var month in book.Months)
            {
                var invoice = book.For(month);
                var expected = await _db.ScalarAsync<decimal>(ChargedByMonth, org.OrgId, org.TimeZone, month);
                invoice.Total.ShouldBe(expected, $"{org.Name} {invoice.Month}");
                invoice.Total.ShouldBeGreaterThan(0m);
                invoice.Lines.Sum(l => l.ProviderCost + l.Markup + l.Unsettled).ShouldBe(invoice.Total);
                invoice.Currency.ShouldBe(org.Currency);
                checkedMonths++;
            }
            var last = book.For(book.Months[^1]);
            var allCharged = await _db.ScalarAsync<decimal>(
                "select sum((data->>'charged')::numeric) from ledger_events where org_id = $1 and type in ('V1.RequestCompleted', 'V1.ReservationExpired')", org.OrgId);
            last.ClosingBalance.ShouldBe(215m - allCharged);
            book.For(book.Months[1]).Payments.ShouldBe(200m);
            book.For(book.Months[0]).Credits.ShouldBe(15m);
        }
        checkedMonths.ShouldBeGreaterThanOrEqualTo(12);
    }

    [Fact]
    public async Task usage_totals_per_org_equal_the_sums_of_the_settled_requests()
    {
        foreach (var org in _history.Orgs)
        {
            var report = await UsageQuery.ReadAsync(_db.DataSource, org.OrgId, UsageGrouping.Model, null, null, default);
            report.Currency.ShouldBe(org.Currency);
            report.Totals.Requests.ShouldBe(await _db.ScalarAsync<long>(
                "select count(*) from ledger_events where org_id = $1 and type in ('V1.RequestCompleted', 'V1.ReservationExpired')", org.OrgId));
            report.Totals.Charged.ShouldBe(await _db.ScalarAsync<decimal>(
                "select sum((data->>'charged')::numeric) from ledger_events where org_id = $1 and type in ('V1.RequestCompleted', 'V1.ReservationExpired')", org.OrgId));
            report.Totals.ProviderCost.ShouldBe(await _db.ScalarAsync<decimal>(
                "select sum((data->>'provider_cost')::numeric * (data->>'fx_rate')::numeric) from ledger_events where org_id = $1 and type = 'V1.RequestCompleted'", org.OrgId));
            report.Totals.TokensOut.ShouldBe(await _db.ScalarAsync<long>(
                "select sum((data->>'tokens_out')::bigint)::bigint from ledger_events where org_id = $1 and type = 'V1.RequestCompleted'", org.OrgId));
            var byDay = await UsageQuery.ReadAsync(_db.DataSource, org.OrgId, UsageGrouping.Day, null, null, default);
            byDay.Totals.ShouldBe(report.Totals);
            byDay.Series.Count.ShouldBeGreaterThan(80);
        }
    }

    [Fact]
    public async Task an_invoice_as_of_a_moment_ignores_every_later_event()
    {
        var org = _history.Orgs[1];
        var asOf = Start.AddMonths(1).AddDays(10);
        var month = new DateOnly(2026, 2, 1);
        var before = (await InvoiceReader.AsOfAsync(_db.Store, org.OrgId, asOf, default))!.For(month);

        // later facts: a payment and a request admitted in February but settled after the moment
        await _history.CreditAsync(org, 999m, asOf.AddSeconds(1));
        var (first, second) = _history.Request(asOf.AddSeconds(-1), org);
        await _db.Store.AppendAsync(first);
        if (second is not null) await _db.Store.AppendAsync(second with { OccurredAt = asOf.AddSeconds(5) });
        await _history.RequestsAsync(200, asOf.AddSeconds(10), Start.AddMonths(2));

        var after = (await InvoiceReader.AsOfAsync(_db.Store, org.OrgId, asOf, default))!.For(month);
        after.ShouldBe(before with { Lines = after.Lines });
        after.Lines.ShouldBe(before.Lines);
        before.Total.ShouldBe(await _db.ScalarAsync<decimal>("""
            select coalesce(sum((data->>'charged')::numeric), 0) from ledger_events
             where org_id = $1 and type in ('V1.RequestCompleted', 'V1.ReservationExpired') and occurred_at <= $2
               and date_trunc('month', (data->>'admitted_at')::timestamptz at time zone 'Asia/Kolkata')::date = '2026-02-01'
            """, org.OrgId, asOf));

        var now = (await InvoiceReader.AsOfAsync(_db.Store, org.OrgId, DateTimeOffset.UtcNow, default))!.For(month);
        now.Payments.ShouldBe(before.Payments + 999m);
        now.Total.ShouldBeGreaterThan(before.Total);
    }

    [Fact]
    public async Task the_as_of_fold_today_equals_the_live_invoice_table()
    {
        foreach (var org in _history.Orgs)
        {
            var live = (await InvoiceReader.LoadAsync(_db.DataSource, org.OrgId, default))!;
            var folded = (await InvoiceReader.AsOfAsync(_db.Store, org.OrgId, DateTimeOffset.UtcNow, default))!;
            folded.Months.ShouldBe(live.Months);
            foreach (var month in live.Months)
            {
                var (a, b) = (folded.For(month), live.For(month));
                a.Lines.ShouldBe(b.Lines);
                (a with { Lines = [] }).ShouldBe(b with { Lines = [] });
            }
        }
    }
}
