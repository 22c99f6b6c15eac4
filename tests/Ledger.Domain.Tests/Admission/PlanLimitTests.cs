using Ledger.Domain.Admission;
using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

public sealed class PlanLimitTests
{
    private static readonly PlanTerms Daily3 = new("daily-3", null, 3, null, 0m);
    private static readonly PlanTerms Monthly10 = new("monthly-10", null, null, 10, 0m);
    private static readonly DateTimeOffset UtcMidnight = new(2025, 1, 16, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset UtcFebruary = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private static AdmissionSpec OtherKeyAdmitted(AdmissionSpec spec, DateTimeOffset at, int count)
    {
        for (var i = 0; i < count; i++) spec.GivenOtherKey(at, spec.Admitted(0m, AdmissionSpec.OtherKeyId));
        return spec;
    }

    [Fact]
    public void the_request_over_the_plans_rpm_across_all_keys_is_refused_429_plan_rate_limit_exceeded()
    {
        var spec = OtherKeyAdmitted(AdmissionSpec.Standard(plan: Pro), T0, 30).GivenAdmitted(T0, count: 29);

        spec.Admit(T0.AddSeconds(1)).ShouldBeAdmitted();
        var decision = spec.When(T0.AddSeconds(2));

        decision.ShouldBeRefused(ErrorCodes.PlanRateLimitExceeded, 429);
        decision.RetryAfterSeconds.ShouldBe(58);
    }

    [Fact]
    public void the_plans_rpm_window_is_an_exact_rolling_60_seconds()
    {
        var spec = OtherKeyAdmitted(AdmissionSpec.Standard(plan: Pro), T0, 60);

        spec.When(T0.AddMilliseconds(59_999)).ShouldBeRefused(ErrorCodes.PlanRateLimitExceeded, 429);
        spec.When(T0.AddSeconds(60)).ShouldBeAdmitted();
    }

    [Fact]
    public void the_request_over_the_plans_daily_cap_is_refused_429_plan_daily_limit_reached()
    {
        var decision = OtherKeyAdmitted(AdmissionSpec.Standard(plan: Daily3), T0.AddHours(-9), 3).When(T0);

        decision.ShouldBeRefused(ErrorCodes.PlanDailyLimitReached, 429);
        decision.RetryAfterSeconds.ShouldBe(14 * 3600);
    }

    [Fact]
    public void the_plans_day_is_the_utc_day_not_the_orgs()
    {
        // an INR org: midnight IST (18:30 UTC) starts a new key day but not a new plan day
        var spec = OtherKeyAdmitted(AdmissionSpec.Standard(plan: Daily3), T0.AddHours(-9), 3);

        spec.When(new DateTimeOffset(2025, 1, 15, 18, 30, 0, TimeSpan.Zero)).ShouldBeRefused(ErrorCodes.PlanDailyLimitReached, 429);
        spec.When(UtcMidnight.AddMilliseconds(-1)).ShouldBeRefused(ErrorCodes.PlanDailyLimitReached, 429);
        spec.When(UtcMidnight).ShouldBeAdmitted();
    }

    [Fact]
    public void the_request_over_the_plans_monthly_cap_is_refused_429_plan_monthly_limit_reached()
    {
        var decision = OtherKeyAdmitted(AdmissionSpec.Standard(plan: Monthly10), new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero), 10).When(T0);

        decision.ShouldBeRefused(ErrorCodes.PlanMonthlyLimitReached, 429);
        // 15 January 10:00 UTC to 1 February 00:00 UTC
        decision.RetryAfterSeconds.ShouldBe(16 * 86_400 + 14 * 3600);
    }

    [Fact]
    public void the_plans_month_is_the_utc_month()
    {
        var spec = OtherKeyAdmitted(AdmissionSpec.Standard(plan: Monthly10), new DateTimeOffset(2025, 1, 31, 20, 0, 0, TimeSpan.Zero), 10);

        spec.When(UtcFebruary.AddMilliseconds(-1)).ShouldBeRefused(ErrorCodes.PlanMonthlyLimitReached, 429);
        spec.When(UtcFebruary).ShouldBeAdmitted();
    }

    [Fact]
    public void the_plans_daily_cap_is_checked_before_its_monthly_cap() =>
        OtherKeyAdmitted(AdmissionSpec.Standard(plan: new PlanTerms("small", null, 3, 3, 0m)), T0.AddHours(-1), 3)
            .When(T0).ShouldBeRefused(ErrorCodes.PlanDailyLimitReached, 429);

    [Fact]
    public void the_plans_rpm_is_checked_before_its_daily_cap() =>
        OtherKeyAdmitted(AdmissionSpec.Standard(plan: new PlanTerms("small", 3, 3, 3, 0m)), T0, 3)
            .When(T0.AddSeconds(1)).ShouldBeRefused(ErrorCodes.PlanRateLimitExceeded, 429);

    [Fact]
    public void upgrading_the_plan_lifts_its_caps() =>
        OtherKeyAdmitted(AdmissionSpec.Standard(plan: Daily3), T0.AddHours(-9), 3)
            .Given(T0.AddMinutes(-1), new PlanChanged(OrgId, Pro))
            .When(T0).ShouldBeAdmitted();
}
