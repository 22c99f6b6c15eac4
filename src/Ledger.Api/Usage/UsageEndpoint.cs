using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Ledger.Projections.Usage;
using Npgsql;

namespace Ledger.Api.Usage;

public static class UsageEndpoint
{
    public static RouteGroupBuilder MapUsage(this RouteGroupBuilder me)
    {
        me.MapGet("/usage", async (Caller caller, NpgsqlDataSource db, HttpRequest http, CancellationToken ct) =>
        {
            var q = http.Query;
            UsageGrouping groupBy;
            DateTimeOffset? from, to;
            try
            {
                var group = q["group_by"].ToString();
                groupBy = string.IsNullOrEmpty(group) ? UsageGrouping.Day
                    : Enum.TryParse<UsageGrouping>(group, ignoreCase: true, out var g) && !int.TryParse(group, out _) ? g
                    : throw new BadParameter("group_by", "group_by must be one of model, provider, key, day, hour.");
                var zone = (await OrgRows.LoadAsync(db, caller.OrgId, ct))?.TimeZone ?? "UTC";
                from = QueryParams.Instant(q["from"], "from", zone);
                to = QueryParams.Instant(q["to"], "to", zone);
                QueryParams.Range(from, to);
            }
            catch (BadParameter e)
            {
                return e.ToResult();
            }
            return Results.Ok(await UsageQuery.ReadAsync(db, caller.OrgId, groupBy, from, to, ct));
        });
        return me;
    }
}
