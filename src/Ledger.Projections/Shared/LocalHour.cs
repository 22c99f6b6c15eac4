using Ledger.Domain.Calendar;

namespace Ledger.Projections.Shared;

/// <summary>
/// The org-local hour an instant falls in, as the UTC instant that hour starts. Buckets are local
/// hours, not UTC hours, because an org in +05:30 starts its day at 18:30 UTC: UTC-hour buckets would
/// straddle its midnight and no sum of them would be its day. Local hours tile local days exactly,
/// DST days (23 or 25 hours) included.
/// </summary>
public readonly record struct LocalHour(DateTimeOffset Start, DateOnly LocalDate)
{
    public static LocalHour Of(DateTimeOffset instant, string timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, OrgCalendar.Zone(timeZone));
        var intoHour = local.TimeOfDay - TimeSpan.FromHours(local.Hour);
        return new LocalHour((instant - intoHour).ToUniversalTime(), DateOnly.FromDateTime(local.DateTime));
    }

    /// <summary>The first day of the org-local month the instant falls in.</summary>
    public static DateOnly MonthOf(DateTimeOffset instant, string timeZone)
    {
        var date = OrgCalendar.LocalDate(instant, timeZone);
        return new DateOnly(date.Year, date.Month, 1);
    }
}
