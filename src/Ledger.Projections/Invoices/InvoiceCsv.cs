using System.Globalization;
using CsvHelper;

namespace Ledger.Projections.Invoices;

/// <summary>
/// An invoice as one CSV table: a row per model line, then the month's total, credits, payments and
/// balances in the amount column, so a spreadsheet can check Closing = Opening + Credits + Payments − Total.
/// CsvHelper writes it: RFC 4180 quoting of any model name, and a model name that a spreadsheet would
/// run as a formula (=, +, -, @) escaped as text. Rows end in \n, as they always have.
/// </summary>
public static class InvoiceCsv
{
    private static readonly CsvWriterOptions Format = new()
    {
        NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture, Injection = CsvInjection.Escape,
    };

    public static string Write(Invoice invoice)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Format, leaveOpen: true))
        {
            csv.WriteHeader(["month", "currency", "row", "model", "requests", "tokens_in", "tokens_out", "provider_cost", "markup", "unsettled", "amount"]);
            void Row(string row, string model, long? requests, long? tin, long? tout, decimal? pc, decimal? markup, decimal? unsettled, decimal amount)
            {
                csv.WriteField(invoice.Month);
                csv.WriteField(invoice.Currency);
                csv.WriteField(row);
                csv.WriteField(model);
                foreach (var n in new object?[] { requests, tin, tout, pc, markup, unsettled, amount }) csv.WriteField(n);
                csv.EndRecord();
            }
            foreach (var l in invoice.Lines)
                Row("line", l.Model, l.Requests, l.TokensIn, l.TokensOut, l.ProviderCost, l.Markup, l.Unsettled, l.Charged);
            Row("total", "", invoice.Requests, invoice.Lines.Sum(l => l.TokensIn), invoice.Lines.Sum(l => l.TokensOut),
                invoice.Lines.Sum(l => l.ProviderCost), invoice.Lines.Sum(l => l.Markup), invoice.Lines.Sum(l => l.Unsettled), invoice.Total);
            Row("credits", "", null, null, null, null, null, null, invoice.Credits);
            Row("payments", "", null, null, null, null, null, null, invoice.Payments);
            Row("opening_balance", "", null, null, null, null, null, null, invoice.OpeningBalance);
            Row("closing_balance", "", null, null, null, null, null, null, invoice.ClosingBalance);
        }
        return text.ToString();
    }
}
