using Ledger.Domain.Calendar;
using Npgsql;

namespace Ledger.Projections.Usage;

public enum UsageGrouping { Model, Provider, Key, Day, Hour }

public sealed record UsageTotals(long Requests, long TokensIn, long TokensOut, decimal ProviderCost, decimal Charged);

public sealed record UsagePoint(string Group, long Requests, long TokensIn, long TokensOut, decimal ProviderCost, decimal Charged);

public sealed record UsageReport(UsageGrouping GroupBy, string? Currency, UsageTotals Totals, IReadOnlyList<UsagePoint> Series, long Position);

/// <summary>
/// Totals and one series over the org's hourly rows. Resolution is the org-local hour: a bucket
/// counts when the hour it starts at lies in [from, to). Days and hours are the org's own.
/// </summary>
public static class UsageQuery
{
    public static async Task<UsageReport> ReadAsync(
        NpgsqlDataSource db, Guid orgId, UsageGrouping groupBy, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var position = await LedgerProjections.PositionAsync(db, UsageProjection.ProjectionName, ct);
        var group = groupBy switch
        {
            UsageGrouping.Model => "model",
            UsageGrouping.Provider => "provider",
            UsageGrouping.Key => "key_id::text",
            UsageGrouping.Day => "to_char(local_date, 'YYYY-MM-DD')",
            _ => "to_char(hour at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
        };
        await using var command = db.CreateCommand($"""
            select {group}, sum(requests)::bigint, sum(tokens_in)::bigint, sum(tokens_out)::bigint, sum(provider_cost), sum(charged),
                   (select currency from usage_orgs where org_id = $1), (select time_zone from usage_orgs where org_id = $1)
              from usage_hourly
             where org_id = $1 and ($2::timestamptz is null or hour >= $2) and ($3::timestamptz is null or hour < $3)
             group by 1 order by 1
            """);
        command.Parameters.Add(new() { Value = orgId });
        command.Parameters.Add(new() { Value = (object?)from?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)to?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var series = new List<UsagePoint>();
        string? currency = null, zone = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                series.Add(new UsagePoint(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetDecimal(4), reader.GetDecimal(5)));
                currency = reader.GetString(6);
                zone = reader.GetString(7);
            }
        if (groupBy == UsageGrouping.Hour && zone is not null)
            series = series.Select(p => p with { Group = LocalIso(DateTimeOffset.Parse(p.Group, System.Globalization.CultureInfo.InvariantCulture), zone) }).ToList();
        var totals = new UsageTotals(series.Sum(p => p.Requests), series.Sum(p => p.TokensIn), series.Sum(p => p.TokensOut),
            series.Sum(p => p.ProviderCost), series.Sum(p => p.Charged));
        return new UsageReport(groupBy, currency, totals, series, position);
    }

    /// <summary>An hour as the org reads it: local time with its offset (2026-03-01T00:00:00+05:30).</summary>
    private static string LocalIso(DateTimeOffset utc, string zone) =>
        TimeZoneInfo.ConvertTime(utc, OrgCalendar.Zone(zone)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
