using System.Globalization;
using System.Text;

namespace Ledger.Projections.Invoices;

/// <summary>
/// An invoice as one CSV table: a row per model line, then the month's total, credits, payments and
/// balances in the amount column, so a spreadsheet can check Closing = Opening + Credits + Payments − Total.
/// </summary>
public static class InvoiceCsv
{
    public static string Write(Invoice invoice)
    {
        var csv = new StringBuilder("month,currency,row,model,requests,tokens_in,tokens_out,provider_cost,markup,unsettled,amount\n");
        void Row(string row, string model, string requests, string tin, string tout, string pc, string markup, string unsettled, decimal amount) =>
            csv.AppendJoin(',', invoice.Month, invoice.Currency, row, Quote(model), requests, tin, tout, pc, markup, unsettled, N(amount)).Append('\n');
        foreach (var l in invoice.Lines)
            Row("line", l.Model, l.Requests.ToString(CultureInfo.InvariantCulture), l.TokensIn.ToString(CultureInfo.InvariantCulture),
                l.TokensOut.ToString(CultureInfo.InvariantCulture), N(l.ProviderCost), N(l.Markup), N(l.Unsettled), l.Charged);
        Row("total", "", invoice.Requests.ToString(CultureInfo.InvariantCulture), invoice.Lines.Sum(l => l.TokensIn).ToString(CultureInfo.InvariantCulture),
            invoice.Lines.Sum(l => l.TokensOut).ToString(CultureInfo.InvariantCulture), N(invoice.Lines.Sum(l => l.ProviderCost)),
            N(invoice.Lines.Sum(l => l.Markup)), N(invoice.Lines.Sum(l => l.Unsettled)), invoice.Total);
        Row("credits", "", "", "", "", "", "", "", invoice.Credits);
        Row("payments", "", "", "", "", "", "", "", invoice.Payments);
        Row("opening_balance", "", "", "", "", "", "", "", invoice.OpeningBalance);
        Row("closing_balance", "", "", "", "", "", "", "", invoice.ClosingBalance);
        return csv.ToString();
    }

    private static string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
