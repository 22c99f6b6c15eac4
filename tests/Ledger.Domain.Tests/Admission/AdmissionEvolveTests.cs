using Ledger.Domain.Admission;
using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

public sealed class AdmissionEvolveTests
{
    private static readonly DateOnly Jan1 = new(2025, 1, 1);
    private static readonly DateOnly Monday13 = new(2025, 1, 13);
    private static readonly DateOnly Jan15 = new(2025, 1, 15);
    private static readonly DateOnly Jan16 = new(2025, 1, 16);

    /// <summary>23:59 IST on 15 January, and 00:01 IST on the 16th.</summary>
    private static readonly DateTimeOffset LastMinuteOf15th = new(2025, 1, 15, 18, 29, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstMinuteOf16th = new(2025, 1, 15, 18, 31, 0, TimeSpan.Zero);

    [Fact]
    public void a_minted_key_starts_with_no_usage()
    {
        var key = AdmissionSpec.Standard(Limits(rpm: 5)).Key;

        key.ShouldBe(new KeyAdmission(KeyId, OrgId, "hash", "prod-backend", "br-abcdefghi", KeyScope.Full, false, false, false, null,
            Limits(rpm: 5), RollingWindow.Empty, DateOnly.MinValue, 0, PeriodSpend.None, PeriodSpend.None, PeriodSpend.None,
            T0.AddDays(-1), null));
    }

    [Fact]
    public void the_org_row_holds_credits_from_claims_and_payments_and_the_current_plan()
    {
        var org = AdmissionSpec.Standard()
            .Given(T0, new PaymentRecorded(OrgId, 250m, Currencies.Inr, "inv-1"), new PlanChanged(OrgId, Pro)).Org;

        org.Credits.ShouldBe(1_250m);
        org.Balance.ShouldBe(1_250m);
        org.Plan.ShouldBe(Pro);
        org.Tier.ShouldBe(OrgTier.Standard);
    }

    [Fact]
    public void an_admission_reserves_on_the_keys_day_week_and_month_and_on_the_org()
    {
        var spec = AdmissionSpec.Standard().GivenAdmitted(T0, reserved: 0.3m);

        spec.Key.DaySpend.ShouldBe(new PeriodSpend(Jan15, 0m, 0.3m));
        spec.Key.WeekSpend.ShouldBe(new PeriodSpend(Monday13, 0m, 0.3m));
        spec.Key.MonthSpend.ShouldBe(new PeriodSpend(Jan1, 0m, 0.3m));
        spec.Key.DayCount.ShouldBe(1);
        spec.Key.LastUsedAt.ShouldBe(T0);
        spec.Org.Reserved.ShouldBe(0.3m);
        spec.Org.Charged.ShouldBe(0m);
        spec.Org.DayCount.ShouldBe(1);
        spec.Org.MonthCount.ShouldBe(1);
    }

    [Fact]
    public void a_completion_releases_its_reservation_and_adds_its_charge()
    {
        var spec = AdmissionSpec.Standard();
        var admitted = spec.Admitted(0.3m);
        spec.Given(T0, admitted).GivenAdmitted(T0, reserved: 0.5m);

        spec.Given(T0.AddSeconds(2), AdmissionSpec.Completed(admitted, T0, 0.12m));

        spec.Key.DaySpend.ShouldBe(new PeriodSpend(Jan15, 0.12m, 0.5m));
        spec.Key.WeekSpend.ShouldBe(new PeriodSpend(Monday13, 0.12m, 0.5m));
        spec.Key.MonthSpend.ShouldBe(new PeriodSpend(Jan1, 0.12m, 0.5m));
        spec.Org.Reserved.ShouldBe(0.5m);
        spec.Org.Charged.ShouldBe(0.12m);
        spec.Org.Balance.ShouldBe(999.88m);
    }

    [Fact]
    public void a_completion_after_its_day_rolled_leaves_the_new_day_alone()
    {
        var spec = AdmissionSpec.Standard();
        var lateNight = spec.Admitted(0.3m);
        spec.Given(LastMinuteOf15th, lateNight).GivenAdmitted(FirstMinuteOf16th, reserved: 0.4m);

        spec.Given(FirstMinuteOf16th.AddMinutes(1), AdmissionSpec.Completed(lateNight, LastMinuteOf15th, 0.1m));

        spec.Key.DaySpend.ShouldBe(new PeriodSpend(Jan16, 0m, 0.4m));
        spec.Key.WeekSpend.ShouldBe(new PeriodSpend(Monday13, 0.1m, 0.4m));
        spec.Key.MonthSpend.ShouldBe(new PeriodSpend(Jan1, 0.1m, 0.4m));
        spec.Org.Reserved.ShouldBe(0.4m);
        spec.Org.Charged.ShouldBe(0.1m);
    }

    [Fact]
    public void a_new_period_starts_with_only_the_admission_that_opened_it()
    {
        var spec = AdmissionSpec.Standard().GivenAdmitted(LastMinuteOf15th, reserved: 0.3m).GivenAdmitted(FirstMinuteOf16th, reserved: 0.4m);

        spec.Key.DaySpend.ShouldBe(new PeriodSpend(Jan16, 0m, 0.4m));
        spec.Key.MonthSpend.ShouldBe(new PeriodSpend(Jan1, 0m, 0.7m));
    }

    [Fact]
    public void an_expired_reservation_settles_at_the_reserved_amount()
    {
        var spec = AdmissionSpec.Standard();
        var admitted = spec.Admitted(0.3m);
        spec.Given(T0, admitted);

        spec.Given(T0.AddMinutes(10), new ReservationExpired(admitted.RequestId, KeyId, OrgId, admitted.Model, T0, 0.3m, 0.3m, Currencies.Inr));

        spec.Key.MonthSpend.ShouldBe(new PeriodSpend(Jan1, 0.3m, 0m));
        spec.Key.DaySpend.ShouldBe(new PeriodSpend(Jan15, 0.3m, 0m));
        spec.Org.Reserved.ShouldBe(0m);
        spec.Org.Charged.ShouldBe(0.3m);
    }

    [Fact]
    public void the_key_counts_days_in_the_orgs_timezone_and_the_org_counts_them_in_utc()
    {
        var spec = AdmissionSpec.Standard().GivenAdmitted(LastMinuteOf15th).GivenAdmitted(FirstMinuteOf16th);

        spec.Key.Day.ShouldBe(Jan16);
        spec.Key.DayCount.ShouldBe(1);
        spec.Org.DayUtc.ShouldBe(Jan15);
        spec.Org.DayCount.ShouldBe(2);
    }

    [Fact]
    public void key_events_reach_the_admission_row()
    {
        var spec = AdmissionSpec.Standard()
            .Given(T0, new KeyUpdated(KeyId, OrgId, "renamed", Limits(daily: 7)), new KeyDisabled(KeyId, OrgId));

        spec.Key.Name.ShouldBe("renamed");
        spec.Key.Limits.ShouldBe(Limits(daily: 7));
        spec.Key.StatusAt(T0).ShouldBe(KeyStatus.Disabled);
        spec.Given(T0, new KeyEnabled(KeyId, OrgId)).Key.StatusAt(T0).ShouldBe(KeyStatus.Active);
        spec.Given(T0, new KeyRevoked(KeyId, OrgId)).Key.StatusAt(T0).ShouldBe(KeyStatus.Revoked);
    }

    [Fact]
    public void raising_a_keys_rpm_lets_the_next_request_in()
    {
        var spec = AdmissionSpec.Standard(Limits(rpm: 1)).GivenAdmitted(T0);
        spec.When(T0.AddSeconds(1)).ShouldBeRefused(ErrorCodes.RateLimitExceeded, 429);

        spec.Given(T0.AddSeconds(1), new KeyUpdated(KeyId, OrgId, "prod-backend", Limits(rpm: 2)));

        spec.When(T0.AddSeconds(2)).ShouldBeAdmitted();
    }

    [Fact]
    public void a_trial_admission_still_counts_in_the_window_without_any_rpm_setting()
    {
        var spec = AdmissionSpec.Trial(policy: new AdmissionPolicy(GlobalKeyRpmCap: null)).GivenAdmitted(T0, count: 3);

        spec.Key.Recent.CountAt(T0).ShouldBe(3);
    }

    [Fact]
    public void an_org_without_a_plan_rpm_keeps_no_window() =>
        AdmissionSpec.Standard().GivenAdmitted(T0, count: 3).Org.Recent.ShouldBe(RollingWindow.Empty);
}
