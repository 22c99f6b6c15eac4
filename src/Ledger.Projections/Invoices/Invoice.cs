using Ledger.Domain.Calendar;
using Ledger.Projections.Shared;

namespace Ledger.Projections.Invoices;

/// <summary>
/// One month's invoice. Total is the sum of the month's charges; balance = credits + payments −
/// charges, so Closing = Opening + Credits + Payments − Total.
/// </summary>
public sealed record Invoice(
    Guid OrgId, string Month, string Currency, string TimeZone, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    IReadOnlyList<InvoiceLine> Lines, long Requests, decimal Total, decimal Credits, decimal Payments,
    decimal OpeningBalance, decimal ClosingBalance);

public sealed record InvoiceSummary(string Month, string Currency, decimal Total, long Requests);

/// <summary>The one spelling of an invoice month, for the API and the CLI alike: yyyy-mm.</summary>
public static class InvoiceMonth
{
    /// <summary>The first day of the month named by <paramref name="text"/> (yyyy-mm).</summary>
    public static bool TryParse(string? text, out DateOnly first) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out first);
}

/// <summary>Every month of one org's invoicing, as lines and credits by org-local month.</summary>
public sealed class InvoiceBook(Guid orgId, OrgBook org)
{
    private readonly SortedDictionary<DateOnly, Dictionary<string, InvoiceLine>> _lines = new();
    private readonly SortedDictionary<DateOnly, InvoiceCredit> _credits = new();

    public void Add(DateOnly month, object delta)
    {
        switch (delta)
        {
            case InvoiceLine line:
                var lines = _lines.TryGetValue(month, out var l) ? l : _lines[month] = new Dictionary<string, InvoiceLine>();
                lines[line.Model] = lines.TryGetValue(line.Model, out var prior) ? prior.Add(line) : line;
                break;
            case InvoiceCredit credit:
                _credits[month] = _credits.TryGetValue(month, out var c) ? c.Add(credit) : credit;
                break;
        }
    }

    public IReadOnlyList<DateOnly> Months => _lines.Keys.Union(_credits.Keys).Order().ToList();

    /// <summary>Month, total and requests only: a full invoice per month would re-add every earlier month for its opening balance.</summary>
    public IReadOnlyList<InvoiceSummary> Summaries() =>
        Months.Select(m =>
        {
            var lines = Lines(m);
            return new InvoiceSummary(m.ToString("yyyy-MM"), org.Currency, lines.Sum(x => x.Charged), lines.Sum(x => x.Requests));
        }).ToList();

    /// <summary>The month's invoice; a month with no activity is an empty invoice carrying the balance.</summary>
    public Invoice For(DateOnly month)
    {
        var opening = Months.Where(m => m < month).Sum(m => Credit(m).Credits + Credit(m).Payments - Lines(m).Sum(x => x.Charged));
        var lines = Lines(month);
        var credit = Credit(month);
        var total = lines.Sum(x => x.Charged);
        return new Invoice(orgId, month.ToString("yyyy-MM"), org.Currency, org.TimeZone,
            OrgCalendar.StartOfLocalDate(month, org.TimeZone), OrgCalendar.StartOfLocalDate(month.AddMonths(1), org.TimeZone),
            lines, lines.Sum(x => x.Requests), total, credit.Credits, credit.Payments,
            opening, opening + credit.Credits + credit.Payments - total);
    }

    private List<InvoiceLine> Lines(DateOnly month) =>
        _lines.TryGetValue(month, out var lines) ? lines.Values.OrderBy(x => x.Model, StringComparer.Ordinal).ToList() : [];

    private InvoiceCredit Credit(DateOnly month) => _credits.GetValueOrDefault(month) ?? new InvoiceCredit(0m, 0m);
}
