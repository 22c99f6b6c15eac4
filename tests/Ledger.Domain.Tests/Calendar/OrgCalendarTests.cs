using Ledger.Domain.Calendar;

namespace Ledger.Domain.Tests.Calendar;

public sealed class OrgCalendarTests
{
    private const string Kolkata = "Asia/Kolkata";
    private const string Paris = "Europe/Paris";

    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0) =>
        new(y, mo, d, h, mi, s, ms, TimeSpan.Zero);

    [Fact]
    public void midnight_in_india_is_18_30_utc()
    {
        var midnight = Utc(2025, 1, 14, 18, 30);

        OrgCalendar.LocalDate(midnight.AddMilliseconds(-1), Kolkata).ShouldBe(new DateOnly(2025, 1, 14));
        OrgCalendar.LocalDate(midnight, Kolkata).ShouldBe(new DateOnly(2025, 1, 15));
        OrgCalendar.StartOfLocalDate(new DateOnly(2025, 1, 15), Kolkata).ShouldBe(midnight);
    }

    [Fact]
    public void the_same_instant_falls_on_different_days_in_different_zones()
    {
        var instant = Utc(2025, 1, 14, 20, 0);

        OrgCalendar.LocalDate(instant, Kolkata).ShouldBe(new DateOnly(2025, 1, 15));
        OrgCalendar.LocalDate(instant, "UTC").ShouldBe(new DateOnly(2025, 1, 14));
    }

    [Theory]
    [InlineData("2025-01-13", "2025-01-13")] // Monday
    [InlineData("2025-01-15", "2025-01-13")] // Wednesday
    [InlineData("2025-01-19", "2025-01-13")] // Sunday
    [InlineData("2025-01-20", "2025-01-20")] // next Monday
    [InlineData("2025-01-01", "2024-12-30")] // a week across the new year
    public void a_week_starts_on_monday(string day, string monday) =>
        OrgCalendar.PeriodStart(BudgetPeriod.Week, DateOnly.Parse(day)).ShouldBe(DateOnly.Parse(monday));

    [Theory]
    [InlineData("2025-01-01", "2025-01-01")]
    [InlineData("2025-01-31", "2025-01-01")]
    [InlineData("2024-02-29", "2024-02-01")]
    public void a_month_starts_on_the_first(string day, string first) =>
        OrgCalendar.PeriodStart(BudgetPeriod.Month, DateOnly.Parse(day)).ShouldBe(DateOnly.Parse(first));

    [Fact]
    public void the_local_month_in_india_starts_at_18_30_utc_on_the_last_day_before()
    {
        OrgCalendar.PeriodStartAt(BudgetPeriod.Month, Utc(2025, 1, 31, 18, 29, 59, 999), Kolkata).ShouldBe(new DateOnly(2025, 1, 1));
        OrgCalendar.PeriodStartAt(BudgetPeriod.Month, Utc(2025, 1, 31, 18, 30), Kolkata).ShouldBe(new DateOnly(2025, 2, 1));
    }

    [Fact]
    public void the_next_period_follows_the_calendar()
    {
        OrgCalendar.NextPeriodStart(BudgetPeriod.Day, new DateOnly(2024, 2, 28)).ShouldBe(new DateOnly(2024, 2, 29));
        OrgCalendar.NextPeriodStart(BudgetPeriod.Week, new DateOnly(2024, 12, 30)).ShouldBe(new DateOnly(2025, 1, 6));
        OrgCalendar.NextPeriodStart(BudgetPeriod.Month, new DateOnly(2025, 1, 1)).ShouldBe(new DateOnly(2025, 2, 1));
    }

    [Fact]
    public void seconds_until_the_next_day_count_to_local_midnight() =>
        // 10:00 UTC is 15:30 IST; midnight IST is 18:30 UTC
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, Utc(2025, 1, 15, 10, 0), Kolkata).ShouldBe(8 * 3600 + 30 * 60);

    [Fact]
    public void seconds_until_the_next_week_count_to_local_monday_midnight() =>
        // Wednesday 15:30 IST to Monday 20 January 00:00 IST
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Week, Utc(2025, 1, 15, 10, 0), Kolkata).ShouldBe(4 * 86_400 + 8 * 3600 + 30 * 60);

    [Fact]
    public void seconds_until_the_next_month_count_to_local_midnight_on_the_first() =>
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Month, Utc(2025, 1, 15, 10, 0), Kolkata).ShouldBe(16 * 86_400 + 8 * 3600 + 30 * 60);

    [Fact]
    public void seconds_until_the_next_period_round_up_and_are_at_least_one()
    {
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, Utc(2025, 1, 14, 18, 29, 59, 999), Kolkata).ShouldBe(1);
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, Utc(2025, 1, 14, 18, 29, 58, 1), Kolkata).ShouldBe(2);
    }

    [Fact]
    public void at_local_midnight_a_whole_day_remains() =>
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, Utc(2025, 1, 14, 18, 30), Kolkata).ShouldBe(86_400);

    [Fact]
    public void the_paris_day_clocks_go_forward_lasts_23_hours()
    {
        // 30 March 2025: 02:00 CET becomes 03:00 CEST
        var start = OrgCalendar.StartOfLocalDate(new DateOnly(2025, 3, 30), Paris);

        start.ShouldBe(Utc(2025, 3, 29, 23, 0));
        OrgCalendar.StartOfLocalDate(new DateOnly(2025, 3, 31), Paris).ShouldBe(Utc(2025, 3, 30, 22, 0));
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, start, Paris).ShouldBe(23 * 3600);
    }

    [Fact]
    public void the_paris_day_clocks_go_back_lasts_25_hours()
    {
        // 26 October 2025: 03:00 CEST becomes 02:00 CET
        var start = OrgCalendar.StartOfLocalDate(new DateOnly(2025, 10, 26), Paris);

        start.ShouldBe(Utc(2025, 10, 25, 22, 0));
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, start, Paris).ShouldBe(25 * 3600);
        OrgCalendar.LocalDate(Utc(2025, 10, 26, 22, 59, 59, 999), Paris).ShouldBe(new DateOnly(2025, 10, 26));
    }

    [Fact]
    public void a_local_midnight_skipped_by_a_dst_jump_starts_the_day_at_the_first_valid_time() =>
        // Santiago, 7 September 2025: 00:00 -04 becomes 01:00 -03, so the day begins at 04:00 UTC
        OrgCalendar.StartOfLocalDate(new DateOnly(2025, 9, 7), "America/Santiago").ShouldBe(Utc(2025, 9, 7, 4, 0));

    [Fact]
    public void a_local_midnight_repeated_by_a_dst_jump_starts_the_day_at_its_first_occurrence()
    {
        // Havana, 2 November 2025: 01:00 CDT (-4) becomes 00:00 CST (-5); the day begins at 00:00 CDT, 04:00 UTC
        OrgCalendar.LocalDate(Utc(2025, 11, 2, 4, 0), "America/Havana").ShouldBe(new DateOnly(2025, 11, 2));
        OrgCalendar.StartOfLocalDate(new DateOnly(2025, 11, 2), "America/Havana").ShouldBe(Utc(2025, 11, 2, 4, 0));
        OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, Utc(2025, 11, 2, 3, 59), "America/Havana").ShouldBe(60);
    }

    [Fact]
    public void unknown_zones_are_recognised_as_unknown()
    {
        OrgCalendar.IsKnownZone(Kolkata).ShouldBeTrue();
        OrgCalendar.IsKnownZone("Mars/Olympus_Mons").ShouldBeFalse();
    }
}
