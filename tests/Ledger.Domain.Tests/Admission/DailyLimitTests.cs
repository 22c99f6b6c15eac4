using Ledger.Domain.Admission;
using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

public sealed class DailyLimitTests
{
    /// <summary>Midnight IST at the end of 15 January 2025.</summary>
    private static readonly DateTimeOffset IstMidnight = new(2025, 1, 15, 18, 30, 0, TimeSpan.Zero);

    private static AdmissionSpec ThreeToday() =>
        // 12:30, 13:30 and 14:30 IST on 15 January
        AdmissionSpec.Standard(Limits(daily: 3)).GivenAdmitted(T0.AddHours(-3)).GivenAdmitted(T0.AddHours(-2)).GivenAdmitted(T0.AddHours(-1));

    [Fact]
    public void the_request_over_the_keys_daily_limit_is_refused_429_daily_limit_reached() =>
        ThreeToday().When(T0).ShouldBeRefused(ErrorCodes.DailyLimitReached, 429);

    [Fact]
    public void a_daily_limit_refusal_retries_at_local_midnight() =>
        // 15:30 IST to midnight IST
        ThreeToday().When(T0).RetryAfterSeconds.ShouldBe(8 * 3600 + 30 * 60);

    [Fact]
    public void the_daily_limit_resets_at_midnight_in_the_orgs_timezone()
    {
        var spec = ThreeToday();

        spec.When(IstMidnight.AddMilliseconds(-1)).ShouldBeRefused(ErrorCodes.DailyLimitReached, 429);
        spec.When(IstMidnight).ShouldBeAdmitted();
    }

    [Fact]
    public void under_the_daily_limit_a_request_is_admitted() =>
        AdmissionSpec.Standard(Limits(daily: 3)).GivenAdmitted(T0.AddHours(-2), count: 2).When(T0).ShouldBeAdmitted();

    [Fact]
    public void a_paris_orgs_day_is_the_paris_calendar_day()
    {
        // 00:30 in Paris on 15 January is still 14 January in UTC
        var spec = new AdmissionSpec()
            .Given(T0.AddDays(-1), EurOrg(), new PaymentRecorded(OrgId, 50m, Currencies.Eur, "inv-1"), Key(Limits(daily: 1)))
            .GivenAdmitted(new DateTimeOffset(2025, 1, 14, 23, 30, 0, TimeSpan.Zero));

        spec.When(T0).ShouldBeRefused(ErrorCodes.DailyLimitReached, 429).Message.ShouldContain("Europe/Paris");
    }

    [Fact]
    public void a_trial_key_is_held_to_200_requests_a_day() =>
        AdmissionSpec.Trial().GivenAdmitted(T0.AddHours(-2), count: 200)
            .When(T0).ShouldBeRefused(ErrorCodes.DailyLimitReached, 429).Message.ShouldContain("200");

    [Fact]
    public void a_trial_key_under_200_requests_a_day_is_admitted() =>
        AdmissionSpec.Trial().GivenAdmitted(T0.AddHours(-2), count: 199).When(T0).ShouldBeAdmitted();

    [Fact]
    public void a_trial_key_with_a_higher_daily_limit_is_still_held_to_200() =>
        AdmissionSpec.Trial(Limits(daily: 1_000)).GivenAdmitted(T0.AddHours(-2), count: 200)
            .When(T0).ShouldBeRefused(ErrorCodes.DailyLimitReached, 429);

    [Fact]
    public void the_daily_limit_is_checked_before_the_budget() =>
        AdmissionSpec.Standard(Limits(daily: 1, budget: 0.000001m)).GivenAdmitted(T0.AddHours(-1), reserved: 1m)
            .When(T0).ShouldBeRefused(ErrorCodes.DailyLimitReached, 429);
}
