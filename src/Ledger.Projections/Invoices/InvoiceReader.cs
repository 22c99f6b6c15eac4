using Ledger.EventStore;
using Ledger.Projections.Shared;
using Npgsql;

namespace Ledger.Projections.Invoices;

/// <summary>Loads an org's invoices from the live tables, or folds them from events as the ledger stood at a moment.</summary>
public static class InvoiceReader
{
    public static async Task<InvoiceBook?> LoadAsync(NpgsqlDataSource db, Guid orgId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        // one snapshot for the three reads, so lines and credits come from the same checkpoint
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        OrgBook? org = null;
        await using (var command = new NpgsqlCommand("select currency, time_zone from invoice_orgs where org_id = $1", connection, tx))
        {
            command.Parameters.Add(new() { Value = orgId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) org = new OrgBook(reader.GetString(0), reader.GetString(1));
        }
        if (org is null) return null;

        var book = new InvoiceBook(orgId, org);
        await using (var command = new NpgsqlCommand("""
            select month, model, requests, tokens_in, tokens_out, provider_cost, markup, unsettled, charged
              from invoice_lines where org_id = $1
            """, connection, tx))
        {
            command.Parameters.Add(new() { Value = orgId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                book.Add(reader.GetFieldValue<DateOnly>(0), new InvoiceLine(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8)));
        }
        await using (var command = new NpgsqlCommand("select month, credits, payments from invoice_credits where org_id = $1", connection, tx))
        {
            command.Parameters.Add(new() { Value = orgId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                book.Add(reader.GetFieldValue<DateOnly>(0), new InvoiceCredit(reader.GetDecimal(1), reader.GetDecimal(2)));
        }
        await tx.CommitAsync(ct);
        return book;
    }

    /// <summary>
    /// The invoices as the ledger stood at <paramref name="asOf"/>: only events that occurred by
    /// then, folded with the projection's own rules. Null when the org had not signed up by then.
    /// </summary>
    public static async Task<InvoiceBook?> AsOfAsync(EventStore.EventStore store, Guid orgId, DateTimeOffset asOf, CancellationToken ct)
    {
        var events = await store.ReadOrgAsync(orgId, asOf, ct);
        var signup = events.Select(e => e.Data).OfType<Domain.Orgs.OrgSignedUp>().FirstOrDefault();
        if (signup is null) return null;
        var org = new OrgBook(signup.Currency, signup.TimeZone);
        var book = new InvoiceBook(orgId, org);
        foreach (var e in events)
            if (InvoiceDelta.Of(e, id => id == orgId ? org : null) is (_, var month, var delta))
                book.Add(month, delta);
        return book;
    }
}
