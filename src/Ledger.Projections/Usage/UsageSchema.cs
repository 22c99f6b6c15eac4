using Ledger.EventStore;
using Ledger.Projections.Shared;

namespace Ledger.Projections.Usage;

/// <summary>
/// Usage per org-local hour × key × model × provider (see <see cref="LocalHour"/>): `hour` is the
/// UTC instant the local hour starts, `local_date` its day in the org's zone, so both hour and day
/// series are exact sums. Money is in the org's currency: provider_cost is the provider's bill
/// times the FX rate the request was priced with (unrounded), charged is what the org pays.
/// provider is '' for reservations settled without a completion.
/// </summary>
public static class UsageSchema
{
    public static readonly Migration Tables = new(111, "usage_hourly", OrgBooks.Schema("usage_orgs") + """
        create table usage_hourly (
            org_id        uuid        not null,
            hour          timestamptz not null,
            local_date    date        not null,
            key_id        uuid        not null,
            model         text        not null,
            provider      text        not null,
            requests      bigint      not null,
            tokens_in     bigint      not null,
            tokens_out    bigint      not null,
            provider_cost numeric     not null,
            charged       numeric     not null,
            primary key (org_id, hour, key_id, model, provider)
        );
        create index usage_hourly_org_date on usage_hourly (org_id, local_date);
        """);
}
