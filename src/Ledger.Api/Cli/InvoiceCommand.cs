using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ledger.Api.Http;
using Ledger.Projections;
using Ledger.Projections.Invoices;

namespace Ledger.Api.Cli;

/// <summary>`invoice`: a month's invoice as the ledger stood at a moment, folded from events (not the live table).</summary>
internal static class InvoiceCommand
{
    public static Command Create()
    {
        var org = new Argument<Guid>("org") { Description = "The org id" };
        var month = new Argument<string>("month") { Description = "yyyy-mm, in the org's time zone" };
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "Only events that occurred at or before this time (ISO 8601); default now" };
        var json = new Option<bool>("--json") { Description = "JSON instead of CSV" };
        var command = new Command("invoice", "Print an org's invoice for a month as the ledger stood at --as-of.") { org, month, asOf, json };
        command.SetAction(async (result, ct) =>
        {
            if (!InvoiceMonth.TryParse(result.GetValue(month), out var first))
            {
                await Console.Error.WriteLineAsync("month must be yyyy-mm.");
                return 2;
            }
            await using var db = LedgerCommands.OpenDatabase();
            using var marten = LedgerStore.Open(db);
            var store = new EventStore.EventStore(db, marten, LedgerEvents.CreateRegistry());
            var at = result.GetValue(asOf) ?? DateTimeOffset.UtcNow;
            if (await InvoiceReader.AsOfAsync(store, result.GetValue(org), at, ct) is not { } book)
            {
                await Console.Error.WriteLineAsync($"Org {result.GetValue(org)} had not signed up by {at:O}.");
                return 1;
            }
            var invoice = book.For(first);
            Console.Write(result.GetValue(json) ? JsonSerializer.Serialize(invoice, ApiJson.Options) + "\n" : InvoiceCsv.Write(invoice));
            return 0;
        });
        return command;
    }
}
