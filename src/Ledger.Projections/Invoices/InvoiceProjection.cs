using Ledger.EventStore;
using Ledger.Projections.Shared;
using Npgsql;

namespace Ledger.Projections.Invoices;

public sealed class InvoiceProjection : IAsyncProjection
{
    public const string ProjectionName = "invoices";

    public string Name => ProjectionName;

    /// <summary>Every table the read model keeps: what a reset empties.</summary>
    public static readonly IReadOnlyList<string> Tables = ["invoice_lines", "invoice_credits", "invoice_orgs"];

    public Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, "truncate " + string.Join(", ", Tables), ct);

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var orgs = await OrgBooks.LoadAsync(connection, transaction, "invoice_orgs", events, ct);
        var lines = new Dictionary<(Guid Org, DateOnly Month, string Model), InvoiceLine>();
        var credits = new Dictionary<(Guid Org, DateOnly Month), InvoiceCredit>();
        foreach (var e in events)
        {
            if (InvoiceDelta.Of(e, orgs.GetValueOrDefault) is not (var org, var month, var delta))
                continue;
            switch (delta)
            {
                case InvoiceLine line:
                    var lineId = (org, month, line.Model);
                    lines[lineId] = lines.TryGetValue(lineId, out var l) ? l.Add(line) : line;
                    break;
                case InvoiceCredit credit:
                    credits[(org, month)] = credits.TryGetValue((org, month), out var c) ? c.Add(credit) : credit;
                    break;
            }
        }
        if (lines.Count > 0)
            await Sql.ExecuteAsync(connection, transaction, """
                insert into invoice_lines (org_id, month, model, requests, tokens_in, tokens_out, provider_cost, markup, unsettled, charged)
                select * from unnest($1::uuid[], $2::date[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
                                     $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[])
                on conflict (org_id, month, model) do update
                   set requests = invoice_lines.requests + excluded.requests,
                       tokens_in = invoice_lines.tokens_in + excluded.tokens_in,
                       tokens_out = invoice_lines.tokens_out + excluded.tokens_out,
                       provider_cost = invoice_lines.provider_cost + excluded.provider_cost,
                       markup = invoice_lines.markup + excluded.markup,
                       unsettled = invoice_lines.unsettled + excluded.unsettled,
                       charged = invoice_lines.charged + excluded.charged
                """, ct,
                lines.Keys.Select(k => k.Org).ToArray(), lines.Keys.Select(k => k.Month).ToArray(), lines.Keys.Select(k => k.Model).ToArray(),
                lines.Values.Select(v => v.Requests).ToArray(), lines.Values.Select(v => v.TokensIn).ToArray(),
                lines.Values.Select(v => v.TokensOut).ToArray(), lines.Values.Select(v => v.ProviderCost).ToArray(),
                lines.Values.Select(v => v.Markup).ToArray(), lines.Values.Select(v => v.Unsettled).ToArray(),
                lines.Values.Select(v => v.Charged).ToArray());
        if (credits.Count > 0)
            await Sql.ExecuteAsync(connection, transaction, """
                insert into invoice_credits (org_id, month, credits, payments)
                select * from unnest($1::uuid[], $2::date[], $3::numeric[], $4::numeric[])
                on conflict (org_id, month) do update
                   set credits = invoice_credits.credits + excluded.credits, payments = invoice_credits.payments + excluded.payments
                """, ct,
                credits.Keys.Select(k => k.Org).ToArray(), credits.Keys.Select(k => k.Month).ToArray(),
                credits.Values.Select(v => v.Credits).ToArray(), credits.Values.Select(v => v.Payments).ToArray());
    }
}
