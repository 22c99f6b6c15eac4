using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Ledger.Projections.Shared;

namespace Ledger.Projections.Invoices;

/// <summary>
/// A model's line on a month's invoice. Provider cost (in the org's currency, at the request's FX
/// rate) and markup count billable requests only, and <see cref="Unsettled"/> is what expired
/// reservations were charged, so ProviderCost + Markup + Unsettled = Charged exactly.
/// </summary>
public sealed record InvoiceLine(
    string Model, long Requests, long TokensIn, long TokensOut, decimal ProviderCost, decimal Markup, decimal Unsettled, decimal Charged)
{
    public InvoiceLine Add(InvoiceLine o) => new(Model, Requests + o.Requests, TokensIn + o.TokensIn, TokensOut + o.TokensOut,
        ProviderCost + o.ProviderCost, Markup + o.Markup, Unsettled + o.Unsettled, Charged + o.Charged);
}

public sealed record InvoiceCredit(decimal Credits, decimal Payments)
{
    public InvoiceCredit Add(InvoiceCredit o) => new(Credits + o.Credits, Payments + o.Payments);
}

/// <summary>
/// What one event adds to an org's invoices. The projection and the as-of fold both use it, so the
/// live table and a replay from events cannot disagree on a rule.
/// </summary>
public static class InvoiceDelta
{
    /// <summary>Requests fall in the month they were admitted; credits in the month they were recorded.</summary>
    public static (Guid OrgId, DateOnly Month, object Delta)? Of(RecordedEvent e, Func<Guid, OrgBook?> org) => e.Data switch
    {
        RequestCompleted c when org(c.OrgId) is { } book => (c.OrgId, LocalHour.MonthOf(c.AdmittedAt, book.TimeZone), Line(c)),
        ReservationExpired x when org(x.OrgId) is { } book => (x.OrgId, LocalHour.MonthOf(x.AdmittedAt, book.TimeZone),
            new InvoiceLine(x.Model, 1, 0, 0, 0m, 0m, x.Charged, x.Charged)),
        SignupCreditClaimed s when org(s.OrgId) is { } book => (s.OrgId, LocalHour.MonthOf(e.OccurredAt, book.TimeZone), new InvoiceCredit(s.Amount, 0m)),
        PaymentRecorded p when org(p.OrgId) is { } book => (p.OrgId, LocalHour.MonthOf(e.OccurredAt, book.TimeZone), new InvoiceCredit(0m, p.Amount)),
        _ => null,
    };

    private static InvoiceLine Line(RequestCompleted c)
    {
        var providerCost = c.Billable ? c.ProviderCost * c.FxRate : 0m;
        return new InvoiceLine(c.Model, 1, c.TokensIn, c.TokensOut, providerCost, c.Charged - providerCost, 0m, c.Charged);
    }
}
