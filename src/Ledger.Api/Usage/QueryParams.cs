using System.Globalization;
using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Npgsql;

namespace Ledger.Api.Usage;

/// <summary>A query parameter that did not parse; the error handler answers 400 naming the field.</summary>
public sealed class BadParameter(string param, string message) : Exception(message)
{
    public string Param { get; } = param;

    public IResult ToResult() => ApiErrors.Error(400, "invalid_parameter", Message, Param);
}

/// <summary>Parsing shared by the usage endpoints' query strings.</summary>
internal static class QueryParams
{
    /// <summary>An ISO 8601 instant, or a date (yyyy-mm-dd) meaning local midnight in the org's zone.</summary>
    public static DateTimeOffset? Instant(string? text, string param, string timeZone)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (IsDate(text, out var date))
            return Domain.Calendar.OrgCalendar.StartOfLocalDate(date, timeZone);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant.ToUniversalTime();
        throw new BadParameter(param, $"{param} must be an ISO 8601 time (2026-03-01T18:30:00Z) or a date (2026-03-01).");
    }

    /// <summary>The from/to range of a query, dates read as local midnights in the org's time zone.</summary>
    public static async Task<(DateTimeOffset? From, DateTimeOffset? To)> RangeAsync(
        NpgsqlDataSource db, Guid orgId, IQueryCollection q, CancellationToken ct)
    {
        // the zone only matters for plain dates; the dashboard sends instants, so most calls need no read
        var zone = IsDate(q["from"], out _) || IsDate(q["to"], out _)
            ? (await OrgRows.LoadAsync(db, orgId, ct))?.TimeZone ?? "UTC"
            : "UTC";
        var from = Instant(q["from"], "from", zone);
        var to = Instant(q["to"], "to", zone);
        if (from is { } f && to is { } t && t < f) throw new BadParameter("to", "to must not be before from.");
        return (from, to);
    }

    private static bool IsDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
