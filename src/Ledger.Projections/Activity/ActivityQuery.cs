using System.Buffers.Text;
using System.Text;
using Npgsql;

namespace Ledger.Projections.Activity;

/// <summary>Status filter: one code (429), a class (4xx) or requests still in flight.</summary>
public sealed record StatusFilter(int? Exact, int? ClassStart, bool InFlight)
{
    public static StatusFilter? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "in_flight" => new(null, null, true),
        [>= '1' and <= '5', 'x', 'x'] s => new(null, (s[0] - '0') * 100, false),
        var s when int.TryParse(s, out var code) && code is >= 100 and <= 599 => new(code, null, false),
        _ => throw new FormatException("status must be an HTTP status (429), a class (4xx) or in_flight."),
    };
}

public sealed record ActivityFilter(
    DateTimeOffset? From = null, DateTimeOffset? To = null, string? Model = null, string? Provider = null,
    StatusFilter? Status = null, Guid? KeyId = null);

public sealed record ActivityItem(
    Guid RequestId, DateTimeOffset At, Guid? KeyId, string? KeyName, string? KeyPrefix, string? Model, string? Provider,
    int? Status, string? Code, int? TokensIn, int? TokensOut, decimal? Cost, string? Currency, double? LatencyMs);

/// <param name="Position">The ledger position the pages reflect: the first page's, for every page after it.</param>
public sealed record ActivityPage(IReadOnlyList<ActivityItem> Data, string? NextCursor, long Position);

/// <summary>
/// Newest-first keyset pages. The first page pins the position P; later pages read only requests
/// whose first event has seq ≤ P. Every such request was already in the table when the first page
/// was read (that is what P means), so new requests arriving meanwhile — even ones the daemon
/// projects late, with an older admission time — never shift or repeat a row across pages.
/// </summary>
public static class ActivityQuery
{
    public const int MaxLimit = 500;

    public static async Task<ActivityPage> ReadAsync(
        NpgsqlDataSource db, Guid orgId, ActivityFilter filter, ActivityCursor? cursor, int limit, CancellationToken ct)
    {
        var position = cursor?.Position ?? await LedgerProjections.PositionAsync(db, ActivityProjection.ProjectionName, ct);
        await using var command = db.CreateCommand();
        var sql = new StringBuilder("""
            select a.request_id, a.at, a.key_id, k.name, k.prefix, a.model, a.provider, a.status, a.code,
                   a.tokens_in, a.tokens_out, a.cost, a.currency, a.latency_ms
              from activity a left join activity_keys k on k.key_id = a.key_id
             where a.org_id = $1 and a.seq <= $2
            """);
        command.Parameters.Add(new() { Value = orgId });
        command.Parameters.Add(new() { Value = position });
        void Where(string condition, object value)
        {
            command.Parameters.Add(new() { Value = value });
            sql.Append(" and ").Append(condition.Replace("@", "$" + command.Parameters.Count));
        }
        if (filter.From is { } from) Where("a.at >= @", from.ToUniversalTime());
        if (filter.To is { } to) Where("a.at < @", to.ToUniversalTime());
        if (filter.Model is { } model) Where("a.model = @", model);
        if (filter.Provider is { } provider) Where("a.provider = @", provider);
        if (filter.KeyId is { } keyId) Where("a.key_id = @", keyId);
        switch (filter.Status)
        {
            case { InFlight: true }: sql.Append(" and a.status is null and a.code is null"); break;
            case { Exact: { } code }: Where("a.status = @", code); break;
            case { ClassStart: { } start }: Where("a.status >= @", start); Where("a.status < @", start + 100); break;
        }
        if (cursor is not null)
        {
            command.Parameters.Add(new() { Value = cursor.At });
            command.Parameters.Add(new() { Value = cursor.RequestId });
            sql.Append($" and (a.at, a.request_id) < (${command.Parameters.Count - 1}, ${command.Parameters.Count})");
        }
        command.Parameters.Add(new() { Value = limit + 1 });
        sql.Append($" order by a.at desc, a.request_id desc limit ${command.Parameters.Count}");
        command.CommandText = sql.ToString();

        var items = new List<ActivityItem>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                items.Add(new ActivityItem(
                    reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), Get<Guid?>(reader, 2), Get<string>(reader, 3),
                    Get<string>(reader, 4), Get<string>(reader, 5), Get<string>(reader, 6), Get<int?>(reader, 7), Get<string>(reader, 8),
                    Get<int?>(reader, 9), Get<int?>(reader, 10), Get<decimal?>(reader, 11), Get<string>(reader, 12), Get<double?>(reader, 13)));
        if (items.Count <= limit)
            return new ActivityPage(items, null, position);
        items.RemoveAt(limit);
        var last = items[^1];
        return new ActivityPage(items, new ActivityCursor(last.At, last.RequestId, position).Encode(), position);
    }

    private static T? Get<T>(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? default : reader.GetFieldValue<T>(ordinal);
}

/// <summary>Where the previous page ended and the position the paging is pinned to; opaque to clients.</summary>
public sealed record ActivityCursor(DateTimeOffset At, Guid RequestId, long Position)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{At.UtcTicks}|{RequestId:N}|{Position}"));

    public static ActivityCursor? TryDecode(string text)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
            return parts.Length == 3 && long.TryParse(parts[0], out var ticks) && Guid.TryParseExact(parts[1], "N", out var id)
                   && long.TryParse(parts[2], out var position)
                ? new ActivityCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id, position)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
