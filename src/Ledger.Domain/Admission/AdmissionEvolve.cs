using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;

namespace Ledger.Domain.Admission;

/// <summary>
/// Folds events into the admission rows. The live path and a rebuild both call these, so a rebuilt
/// row equals the live one by construction. <paramref name="at"/> is the event's occurred-at.
/// </summary>
public static class AdmissionEvolve
{
    public static OrgAdmission? Org(OrgAdmission? row, object @event, DateTimeOffset at) => (row, @event) switch
    {
        (null, OrgSignedUp e) => new OrgAdmission(e.OrgId, e.Currency, e.TimeZone, e.AllowedRegions, e.Plan,
            0m, 0m, 0m, RollingWindow.Empty, DateOnly.MinValue, 0, DateOnly.MinValue, 0),
        (not null, SignupCreditClaimed e) => row with { Credits = row.Credits + e.Amount },
        (not null, PaymentRecorded e) => row with { Credits = row.Credits + e.Amount },
        (not null, PlanChanged e) => row with { Plan = e.Plan },
        (not null, RequestAdmitted e) => Admitted(row, e, at),
        (not null, RequestCompleted e) => row with { Reserved = row.Reserved - e.Reserved, Charged = row.Charged + e.Charged },
        (not null, ReservationExpired e) => row with { Reserved = row.Reserved - e.Reserved, Charged = row.Charged + e.Charged },
        _ => row,
    };

    public static KeyAdmission? Key(KeyAdmission? row, OrgAdmission org, object @event, DateTimeOffset at, AdmissionPolicy policy) =>
        (row, @event) switch
        {
            (null, KeyMinted e) => new KeyAdmission(e.KeyId, e.OrgId, e.KeyHash, e.Name, e.Prefix, e.Scope, e.Ephemeral,
                false, false, e.ExpiresAt, e.Limits, RollingWindow.Empty, DateOnly.MinValue, 0,
                PeriodSpend.None, PeriodSpend.None, PeriodSpend.None, at, null),
            (not null, KeyUpdated e) => row with { Name = e.Name, Limits = e.Limits },
            (not null, KeyDisabled) => row with { Disabled = true },
            (not null, KeyEnabled) => row with { Disabled = false },
            (not null, KeyRevoked) => row with { Revoked = true },
            (not null, RequestAdmitted e) => Admitted(row, org, e, at, policy),
            (not null, RequestCompleted e) => Settled(row, org.TimeZone, e.AdmittedAt, e.Reserved, e.Charged),
            (not null, ReservationExpired e) => Settled(row, org.TimeZone, e.AdmittedAt, e.Reserved, e.Charged),
            _ => row,
        };

    private static OrgAdmission Admitted(OrgAdmission row, RequestAdmitted e, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var month = OrgAdmission.MonthStart(at);
        return row with
        {
            Reserved = row.Reserved + e.Reserved,
            Recent = row.Plan.RpmLimit is null ? RollingWindow.Empty : row.Recent.Add(at),
            DayUtc = day,
            DayCount = row.DayUtc == day ? row.DayCount + 1 : 1,
            MonthUtc = month,
            MonthCount = row.MonthUtc == month ? row.MonthCount + 1 : 1,
        };
    }

    private static KeyAdmission Admitted(KeyAdmission row, OrgAdmission org, RequestAdmitted e, DateTimeOffset at, AdmissionPolicy policy)
    {
        var day = OrgCalendar.LocalDate(at, org.TimeZone);
        var windowed = policy.KeyRpmLimit(row.Limits, e.Tier) is not null;
        return row with
        {
            // admissions beyond the limit are refused, so a window that only keeps the last 60 s stays bounded by it
            Recent = windowed ? row.Recent.Add(at) : RollingWindow.Empty,
            Day = day,
            DayCount = row.Day == day ? row.DayCount + 1 : 1,
            DaySpend = Reserve(row.DaySpend, BudgetPeriod.Day, day, e.Reserved),
            WeekSpend = Reserve(row.WeekSpend, BudgetPeriod.Week, day, e.Reserved),
            MonthSpend = Reserve(row.MonthSpend, BudgetPeriod.Month, day, e.Reserved),
            LastUsedAt = at,
        };
    }

    private static PeriodSpend Reserve(PeriodSpend spend, BudgetPeriod period, DateOnly localDay, decimal amount)
    {
        var start = OrgCalendar.PeriodStart(period, localDay);
        return spend.Start == start
            ? spend with { Reserved = spend.Reserved + amount }
            : new PeriodSpend(start, 0m, amount);
    }

    private static KeyAdmission Settled(KeyAdmission row, string timeZone, DateTimeOffset admittedAt, decimal reserved, decimal charged)
    {
        var day = OrgCalendar.LocalDate(admittedAt, timeZone);
        return row with
        {
            DaySpend = Settle(row.DaySpend, BudgetPeriod.Day, day, reserved, charged),
            WeekSpend = Settle(row.WeekSpend, BudgetPeriod.Week, day, reserved, charged),
            MonthSpend = Settle(row.MonthSpend, BudgetPeriod.Month, day, reserved, charged),
        };
    }

    /// <summary>A charge counts in the period its request was admitted in; a period that has since rolled is left alone.</summary>
    private static PeriodSpend Settle(PeriodSpend spend, BudgetPeriod period, DateOnly admittedDay, decimal reserved, decimal charged) =>
        spend.Start == OrgCalendar.PeriodStart(period, admittedDay)
            ? spend with { Reserved = spend.Reserved - reserved, Spent = spend.Spent + charged }
            : spend;
}
