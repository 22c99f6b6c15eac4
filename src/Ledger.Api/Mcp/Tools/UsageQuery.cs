using Npgsql;

namespace Ledger.Api.Mcp.Tools;

public sealed record UsageTotals(long Requests, long TokensIn, long TokensOut, decimal ProviderCost, decimal Charged);

public sealed record UsageRow(string Group, long Requests, long TokensIn, long TokensOut, decimal ProviderCost, decimal Charged);

/// <summary>The same shape as GET /me/usage (docs/api.md), so the tool can move onto that read model unchanged.</summary>
public sealed record UsageReport(string GroupBy, string Currency, DateTimeOffset From, DateTimeOffset? To, UsageTotals Totals, IReadOnlyList<UsageRow> Series);

/// <summary>
/// Usage straight from the settled-request events (completions, and reservations the sweeper settled).
/// A stop-gap until the /me/usage read model lands: it scans the org's events in the range, which is fine
/// for an agent's occasional question but not for a dashboard polling every second.
/// </summary>
public static class UsageQuery
{
    private static readonly Dictionary<string, string> Groups = new()
    {
        ["model"] = "data->>'model'",
        ["provider"] = "coalesce(data->>'provider', '(none)')",
        ["key"] = "data->>'key_id'",
        ["day"] = "to_char(occurred_at at time zone $4, 'YYYY-MM-DD')",
    };

    public static async Task<List<UsageRow>> RunAsync(NpgsqlDataSource db, Guid orgId, DateTimeOffset from, DateTimeOffset? to,
        string groupBy, string timeZone, CancellationToken ct)
    {
        // the group expression comes from the fixed table above, never from the caller's text
        await using var cmd = db.CreateCommand($"""
            select {Groups[groupBy]} as grp, count(*),
                   coalesce(sum((data->>'tokens_in')::bigint), 0), coalesce(sum((data->>'tokens_out')::bigint), 0),
                   coalesce(sum((data->>'provider_cost')::numeric), 0), coalesce(sum((data->>'charged')::numeric), 0)
            from events
            where org_id = $1 and type in ('V1.RequestCompleted', 'V1.ReservationExpired')
              and occurred_at >= $2 and ($3::timestamptz is null or occurred_at < $3)
            group by 1 order by 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = orgId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)to?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        if (groupBy == "day") cmd.Parameters.Add(new NpgsqlParameter { Value = timeZone });
        var rows = new List<UsageRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new UsageRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDecimal(4), reader.GetDecimal(5)));
        return rows;
    }
}
