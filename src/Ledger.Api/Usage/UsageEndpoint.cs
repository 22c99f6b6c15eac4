using Ledger.Api.Http;
using Ledger.Projections.Usage;
using Npgsql;

namespace Ledger.Api.Usage;

public static class UsageEndpoint
{
    public static RouteGroupBuilder MapUsage(this RouteGroupBuilder me)
    {
        me.MapGet("/usage", async (Caller caller, NpgsqlDataSource db, HttpRequest http, CancellationToken ct) =>
        {
            var group = http.Query["group_by"].ToString();
            var groupBy = string.IsNullOrEmpty(group) ? UsageGrouping.Day
                : Enum.TryParse<UsageGrouping>(group, ignoreCase: true, out var g) && !int.TryParse(group, out _) ? g
                : throw new BadParameter("group_by", "group_by must be one of model, provider, key, day, hour.");
            var (from, to) = await QueryParams.RangeAsync(db, caller.OrgId, http.Query, ct);
            return Results.Ok(await UsageQuery.ReadAsync(db, caller.OrgId, groupBy, from, to, ct));
        }).Produces<UsageReport>().WithErrors(400).WithQuery(
            ("group_by", "model, provider, key, day (default) or hour"),
            ("from", "ISO 8601 instant or yyyy-mm-dd, inclusive"), ("to", "ISO 8601 instant or yyyy-mm-dd, exclusive"));
        return me;
    }
}
