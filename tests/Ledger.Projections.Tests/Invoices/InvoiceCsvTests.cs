using CsvHelper;
using Ledger.Projections.Invoices;

namespace Ledger.Projections.Tests.Invoices;

public sealed class InvoiceCsvTests
{
    private static readonly Invoice March = new(Guid.NewGuid(), "2026-03", "EUR", "Europe/Paris",
        new DateTimeOffset(2026, 2, 28, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero),
        [
            new InvoiceLine("gpt-5.1", 3, 3_000, 1_200, 0.0123m, 0.001845m, 0m, 0.014145m),
            new InvoiceLine("odd, \"quoted\"\r\nmodel", 1, 10, 5, 0.000058m, 0m, 0.5m, 0.500058m),
            new InvoiceLine("=HYPERLINK(\"x\")", 0, 0, 0, 0m, 0m, 0m, 0m),
        ],
        4, 0.514203m, 15m, 100m, 2m, 116.485797m);

    [Fact]
    public void every_row_reads_back_field_for_field_whatever_the_model_name_holds()
    {
        var text = InvoiceCsv.Write(March);

        using var csv = CsvReader.Create(new StringReader(text), CsvReaderOptions.Default, false);
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());

        csv.Headers.ShouldBe(["month", "currency", "row", "model", "requests", "tokens_in", "tokens_out", "provider_cost", "markup", "unsettled", "amount"]);
        rows[1].ShouldBe(["2026-03", "EUR", "line", "odd, \"quoted\"\r\nmodel", "1", "10", "5", "0.000058", "0", "0.5", "0.500058"]);
        rows[2][3].ShouldBe("'=HYPERLINK(\"x\")"); // a spreadsheet shows it as text instead of running it
        rows[3].ShouldBe(["2026-03", "EUR", "total", "", "4", "3010", "1205", "0.012358", "0.001845", "0.5", "0.514203"]);
        rows.Select(r => r[2]).ShouldBe(["line", "line", "line", "total", "credits", "payments", "opening_balance", "closing_balance"]);
        rows[^1][^1].ShouldBe("116.485797");
        text.ShouldNotContain("\r\n2026"); // rows end in \n
    }
}
