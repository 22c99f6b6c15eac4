using System.Globalization;
using Ledger.Api.Http;
using Ledger.Projections;
using Ledger.Projections.Invoices;
using Npgsql;

namespace Ledger.Api.Usage;

public sealed record InvoiceList(IReadOnlyList<InvoiceSummary> Data, long Position);

/// <summary>An invoice and the ledger position it reflects, flat so the dashboard reads one object.</summary>
public sealed record InvoiceView(
    string Month, string Currency, string TimeZone, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    IReadOnlyList<InvoiceLine> Lines, long Requests, decimal Total, decimal Credits, decimal Payments,
    decimal OpeningBalance, decimal ClosingBalance, long Position)
{
    public static InvoiceView From(Invoice i, long position) => new(i.Month, i.Currency, i.TimeZone, i.PeriodStart, i.PeriodEnd,
        i.Lines, i.Requests, i.Total, i.Credits, i.Payments, i.OpeningBalance, i.ClosingBalance, position);
}

public static class InvoiceEndpoints
{
    public static RouteGroupBuilder MapInvoices(this RouteGroupBuilder me)
    {
        me.MapGet("/invoices", async (Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
        {
            var position = await LedgerProjections.PositionAsync(db, InvoiceProjection.ProjectionName, ct);
            var book = await InvoiceReader.LoadAsync(db, caller.OrgId, ct);
            return Results.Ok(new InvoiceList(book?.Summaries() ?? [], position));
        }).Produces<InvoiceList>();

        me.MapGet("/invoices/{month}", async (string month, Caller caller, NpgsqlDataSource db, HttpRequest http, CancellationToken ct) =>
        {
            if (!InvoiceMonth.TryParse(month, out var first))
                return new BadParameter("month", "month must be yyyy-mm (2026-03).").ToResult();
            var position = await LedgerProjections.PositionAsync(db, InvoiceProjection.ProjectionName, ct);
            var book = await InvoiceReader.LoadAsync(db, caller.OrgId, ct);
            if (book is null) return ApiErrors.NotFound("invoice");
            var invoice = book.For(first);
            http.HttpContext.Response.Headers["X-Ledger-Position"] = position.ToString(CultureInfo.InvariantCulture);
            return WantsCsv(http)
                ? Results.Text(InvoiceCsv.Write(invoice), "text/csv; charset=utf-8")
                : Results.Ok(InvoiceView.From(invoice, position));
        }).Produces<InvoiceView>().Produces<string>(StatusCodes.Status200OK, "text/csv").WithErrors(400, 404);
        return me;
    }

    private static bool WantsCsv(HttpRequest http) =>
        http.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
