using Ledger.EventStore;
using Ledger.Projections.Shared;

namespace Ledger.Projections.Invoices;

/// <summary>
/// Invoices per org per org-local month (`month` is its first day), in the org's currency. Lines
/// per model; credits and payments per month. Balances are running sums over months, computed
/// when read, so a late event never leaves a stored balance stale.
/// </summary>
public static class InvoiceSchema
{
    public static readonly Migration Tables = new(112, "invoices", OrgBooks.Schema("invoice_orgs") + """
        create table invoice_lines (
            org_id        uuid    not null,
            month         date    not null,
            model         text    not null,
            requests      bigint  not null,
            tokens_in     bigint  not null,
            tokens_out    bigint  not null,
            provider_cost numeric not null,
            markup        numeric not null,
            unsettled     numeric not null,
            charged       numeric not null,
            primary key (org_id, month, model)
        );
        create table invoice_credits (
            org_id   uuid    not null,
            month    date    not null,
            credits  numeric not null,
            payments numeric not null,
            primary key (org_id, month)
        );
        """);
}
