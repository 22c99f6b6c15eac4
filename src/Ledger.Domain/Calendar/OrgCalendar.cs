using System.Collections.Concurrent;

namespace Ledger.Domain.Calendar;

/// <summary>
/// Calendar arithmetic in an org's time zone. A "day" is the org's local calendar day, a week starts
/// on Monday, a month on the 1st; all boundaries are local midnight, converted to UTC instants.
/// </summary>
public static class OrgCalendar
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new();

    public static TimeZoneInfo Zone(string ianaId) =>
        Zones.GetOrAdd(ianaId, id => TimeZoneInfo.FindSystemTimeZoneById(id));

    public static bool IsKnownZone(string ianaId)
    {
        try { Zone(ianaId); return true; }
        catch (TimeZoneNotFoundException) { return false; }
        catch (InvalidTimeZoneException) { return false; }
    }

    public static DateOnly LocalDate(DateTimeOffset instant, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone(timeZone)).DateTime);

    public static DateOnly PeriodStart(BudgetPeriod period, DateOnly localDate) => period switch
    {
        BudgetPeriod.Day => localDate,
        BudgetPeriod.Week => localDate.AddDays(-(((int)localDate.DayOfWeek + 6) % 7)),
        BudgetPeriod.Month => new DateOnly(localDate.Year, localDate.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    public static DateOnly PeriodStartAt(BudgetPeriod period, DateTimeOffset instant, string timeZone) =>
        PeriodStart(period, LocalDate(instant, timeZone));

    public static DateOnly NextPeriodStart(BudgetPeriod period, DateOnly start) => period switch
    {
        BudgetPeriod.Day => start.AddDays(1),
        BudgetPeriod.Week => start.AddDays(7),
        BudgetPeriod.Month => start.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    /// <summary>The UTC instant at which a local date begins in the zone.</summary>
    public static DateTimeOffset StartOfLocalDate(DateOnly date, string timeZone)
    {
        var zone = Zone(timeZone);
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // a midnight skipped by a DST jump starts at the first valid local time after it
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        // a midnight repeated by a DST fall-back begins at its first occurrence, under the larger offset
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>Whole seconds (at least 1) from now until the period containing now ends.</summary>
    public static int SecondsUntilNextPeriod(BudgetPeriod period, DateTimeOffset now, string timeZone)
    {
        var next = StartOfLocalDate(NextPeriodStart(period, PeriodStartAt(period, now, timeZone)), timeZone);
        return Math.Max(1, (int)Math.Ceiling((next - now).TotalSeconds));
    }
}
