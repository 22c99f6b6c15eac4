using Ledger.Api.Http;
using Ledger.Projections.Activity;
using Npgsql;

namespace Ledger.Api.Usage;

public static class ActivityEndpoint
{
    public static RouteGroupBuilder MapActivity(this RouteGroupBuilder me)
    {
        me.MapGet("/activity", async (Caller caller, NpgsqlDataSource db, HttpRequest http, CancellationToken ct) =>
        {
            var q = http.Query;
            var (from, to) = await QueryParams.RangeAsync(db, caller.OrgId, q, ct);
            StatusFilter? status;
            try { status = StatusFilter.Parse(q["status"]); }
            catch (FormatException e) { throw new BadParameter("status", e.Message); }
            Guid? keyId = null;
            if (q["key_id"] is { Count: > 0 } k && !string.IsNullOrEmpty(k))
                keyId = Guid.TryParse(k, out var id) ? id : throw new BadParameter("key_id", "key_id must be a key id (a UUID).");
            var filter = new ActivityFilter(from, to, NonEmpty(q["model"]), NonEmpty(q["provider"]), status, keyId);
            ActivityCursor? cursor = null;
            if (q["cursor"] is { Count: > 0 } c && !string.IsNullOrEmpty(c))
                cursor = ActivityCursor.TryDecode(c!) ?? throw new BadParameter("cursor", "cursor is not one this API returned.");
            var limit = q["limit"] is { Count: > 0 } l && !string.IsNullOrEmpty(l)
                ? int.TryParse(l, out var n) && n is >= 1 and <= ActivityQuery.MaxLimit ? n
                  : throw new BadParameter("limit", $"limit must be a whole number from 1 to {ActivityQuery.MaxLimit}.")
                : 50;
            var page = await ActivityQuery.ReadAsync(db, caller.OrgId, filter, cursor, limit, ct);
            return Results.Ok(page);
        }).Produces<ActivityPage>().WithErrors(400).WithQuery(
            ("from", "ISO 8601 instant or yyyy-mm-dd (the org's local midnight), inclusive"),
            ("to", "ISO 8601 instant or yyyy-mm-dd, exclusive"),
            ("model", "exact model name"), ("provider", "exact provider name"),
            ("status", "a status (429), a class (4xx) or in_flight"), ("key_id", "a key id of this org"),
            ("limit", "1..500, default 50"), ("cursor", "next_cursor of the previous page"));
        return me;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
