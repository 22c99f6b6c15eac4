using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;

namespace Ledger.Domain.Admission;

/// <summary>Spend in one budget period: settled charges and reservations still in flight.</summary>
public sealed record PeriodSpend(DateOnly Start, decimal Spent, decimal Reserved)
{
    public static readonly PeriodSpend None = new(DateOnly.MinValue, 0m, 0m);
}

/// <summary>
/// The hot admission row of a key: a fold of the key's events and its requests' events. Spend is
/// kept for the day, week and month at once, so changing a key's budget period needs no history.
/// </summary>
public sealed record KeyAdmission(
    Guid KeyId, Guid OrgId, string KeyHash, string Name, string Prefix, KeyScope Scope, bool Ephemeral,
    bool Disabled, bool Revoked, DateTimeOffset? ExpiresAt, KeyLimits Limits,
    RollingWindow Recent, DateOnly Day, int DayCount,
    PeriodSpend DaySpend, PeriodSpend WeekSpend, PeriodSpend MonthSpend,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public KeyStatus StatusAt(DateTimeOffset now) => KeyStatuses.At(Revoked, Disabled, ExpiresAt, now);

    public PeriodSpend Spend(BudgetPeriod period) => period switch
    {
        BudgetPeriod.Day => DaySpend,
        BudgetPeriod.Week => WeekSpend,
        _ => MonthSpend,
    };

    /// <summary>Spend in the period containing <paramref name="now"/> (zero once the period has rolled).</summary>
    public PeriodSpend SpendAt(BudgetPeriod period, DateTimeOffset now, string timeZone)
    {
        var start = OrgCalendar.PeriodStartAt(period, now, timeZone);
        var spend = Spend(period);
        return spend.Start == start ? spend : new PeriodSpend(start, 0m, 0m);
    }

    public int DayCountAt(DateTimeOffset now, string timeZone) =>
        Day == OrgCalendar.LocalDate(now, timeZone) ? DayCount : 0;
}

/// <summary>The hot admission row of an org: balance, reservations and plan counters (UTC calendar).</summary>
public sealed record OrgAdmission(
    Guid OrgId, string Currency, string TimeZone, string[] AllowedRegions, PlanTerms Plan,
    decimal Credits, decimal Charged, decimal Reserved,
    RollingWindow Recent, DateOnly DayUtc, int DayCount, DateOnly MonthUtc, int MonthCount)
{
    public decimal Balance => Credits - Charged;

    /// <summary>The seed's tier rule: standard once the org has paid or received credit.</summary>
    public OrgTier Tier => Credits > 0 ? OrgTier.Standard : OrgTier.Trial;

    public int DayCountAt(DateTimeOffset now) => DayUtc == DateOnly.FromDateTime(now.UtcDateTime) ? DayCount : 0;

    public int MonthCountAt(DateTimeOffset now) => MonthUtc == MonthStart(now) ? MonthCount : 0;

    public static DateOnly MonthStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
}
