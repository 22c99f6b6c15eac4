using Ledger.Domain.Admission;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

public sealed class RateLimitTests
{
    [Fact]
    public void the_request_over_the_keys_rpm_is_refused_429_rate_limit_exceeded()
    {
        var spec = AdmissionSpec.Standard(Limits(rpm: 10));

        for (var i = 0; i < 10; i++) spec.Admit(T0.AddMilliseconds(i)).ShouldBeAdmitted();

        spec.When(T0.AddSeconds(1)).ShouldBeRefused(ErrorCodes.RateLimitExceeded, 429);
    }

    [Fact]
    public void the_rpm_window_is_an_exact_rolling_60_seconds()
    {
        var spec = AdmissionSpec.Standard(Limits(rpm: 2)).GivenAdmitted(T0).GivenAdmitted(T0.AddSeconds(30));

        spec.When(T0.AddMilliseconds(59_999)).ShouldBeRefused(ErrorCodes.RateLimitExceeded, 429);
        spec.When(T0.AddSeconds(60)).ShouldBeAdmitted();
    }

    [Fact]
    public void a_rate_limit_refusal_says_when_to_retry()
    {
        var spec = AdmissionSpec.Standard(Limits(rpm: 2)).GivenAdmitted(T0).GivenAdmitted(T0.AddSeconds(30));

        // the request at T0 leaves the window at T0+60s, 15.5 s after T0+44.5s
        spec.When(T0.AddMilliseconds(44_500)).RetryAfterSeconds.ShouldBe(16);
    }

    [Fact]
    public void a_key_without_its_own_rpm_is_held_to_the_global_cap_of_120()
    {
        var spec = AdmissionSpec.Standard().GivenAdmitted(T0, count: 119);

        spec.Admit(T0.AddSeconds(1)).ShouldBeAdmitted();
        spec.When(T0.AddSeconds(2)).ShouldBeRefused(ErrorCodes.RateLimitExceeded, 429);
    }

    [Fact]
    public void a_key_rpm_above_the_global_cap_is_held_to_the_cap() =>
        AdmissionSpec.Standard(Limits(rpm: 500)).GivenAdmitted(T0, count: 120)
            .When(T0.AddSeconds(1)).ShouldBeRefused(ErrorCodes.RateLimitExceeded, 429)
            .Message.ShouldContain("120");

    [Fact]
    public void the_global_cap_is_a_setting()
    {
        var spec = AdmissionSpec.Standard(policy: new AdmissionPolicy(GlobalKeyRpmCap: null)).GivenAdmitted(T0, count: 500);

        var decision = spec.When(T0.AddSeconds(1));

        decision.ShouldBeAdmitted();
        decision.RateLimit.ShouldBeNull();
    }

    [Fact]
    public void a_trial_key_is_held_to_60_requests_per_minute_whatever_its_own_rpm() =>
        AdmissionSpec.Trial(Limits(rpm: 100)).GivenAdmitted(T0, count: 60)
            .When(T0.AddSeconds(1)).ShouldBeRefused(ErrorCodes.RateLimitExceeded, 429)
            .Message.ShouldContain("60");

    [Fact]
    public void a_trial_key_under_60_requests_per_minute_is_admitted() =>
        AdmissionSpec.Trial().GivenAdmitted(T0, count: 59).When(T0.AddSeconds(1)).ShouldBeAdmitted();

    [Fact]
    public void a_lower_key_rpm_wins_over_the_trial_cap() =>
        AdmissionSpec.Trial(Limits(rpm: 5)).GivenAdmitted(T0, count: 5)
            .When(T0.AddSeconds(1)).ShouldBeRefused(ErrorCodes.RateLimitExceeded, 429);

    [Fact]
    public void an_admission_reports_the_limit_and_what_remains_after_it()
    {
        var decision = AdmissionSpec.Standard(Limits(rpm: 10)).GivenAdmitted(T0, count: 3).When(T0.AddSeconds(5));

        decision.ShouldBeAdmitted();
        decision.RateLimit.ShouldBe(new RateLimitStatus(Limit: 10, Remaining: 6, ResetSeconds: 0));
    }

    [Fact]
    public void the_admission_that_fills_the_window_reports_when_it_empties_enough()
    {
        var decision = AdmissionSpec.Standard(Limits(rpm: 10)).GivenAdmitted(T0, count: 9).When(T0.AddSeconds(5));

        decision.ShouldBeAdmitted();
        decision.RateLimit.ShouldBe(new RateLimitStatus(Limit: 10, Remaining: 0, ResetSeconds: 55));
    }

    [Fact]
    public void without_a_key_rpm_the_status_reports_the_global_cap() =>
        AdmissionSpec.Standard().When(T0).RateLimit.ShouldBe(new RateLimitStatus(120, 119, 0));

    [Fact]
    public void the_rate_limit_is_checked_before_the_daily_limit() =>
        AdmissionSpec.Standard(Limits(rpm: 1, daily: 1)).GivenAdmitted(T0)
            .When(T0.AddSeconds(1)).ShouldBeRefused(ErrorCodes.RateLimitExceeded, 429);
}
