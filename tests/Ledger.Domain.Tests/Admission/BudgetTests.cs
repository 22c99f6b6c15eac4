using Ledger.Domain.Admission;
using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

/// <summary>
/// Prices are ₹100 in / ₹400 out per million tokens and prompts 1,000 tokens: a request with
/// max_tokens 500 reserves ₹0.30 (before markup); without it, the model's 4,000-token cap reserves ₹1.70.
/// </summary>
public sealed class BudgetTests
{
    private static AdmissionSpec WithSpent(decimal budget, decimal spent, DateTimeOffset at, BudgetPeriod period = BudgetPeriod.Month, AdmissionPolicy? policy = null)
    {
        var spec = AdmissionSpec.Standard(Limits(budget: budget, period: period), policy: policy);
        var admitted = spec.Admitted(spent);
        return spec.Given(at, admitted, AdmissionSpec.Completed(admitted, at, spent));
    }

    [Fact]
    public void a_request_whose_worst_case_passes_the_budget_is_refused_402_budget_exceeded() =>
        AdmissionSpec.Standard(Limits(budget: 1m)).When(T0).ShouldBeRefused(ErrorCodes.BudgetExceeded, 402);

    [Fact]
    public void the_budget_status_is_429_where_the_deployment_says_so() =>
        AdmissionSpec.Standard(Limits(budget: 1m), policy: new AdmissionPolicy(BudgetExceededStatus: 429))
            .When(T0).ShouldBeRefused(ErrorCodes.BudgetExceeded, 429);

    [Fact]
    public void a_budget_refusal_retries_when_the_period_resets() =>
        // Wednesday 15 January, 15:30 IST, to 1 February 00:00 IST
        AdmissionSpec.Standard(Limits(budget: 1m)).When(T0).RetryAfterSeconds.ShouldBe(16 * 86_400 + 8 * 3600 + 30 * 60);

    [Fact]
    public void with_max_tokens_the_reservation_is_the_prompt_estimate_and_max_tokens_priced_with_markup()
    {
        var spec = new AdmissionSpec().Given(T0.AddDays(-1), InrOrg(Pro), new SignupCreditClaimed(OrgId, 100m, Currencies.Inr), Key());

        var admitted = spec.When(T0, maxTokens: 500).ShouldBeAdmitted();

        // (1,000 × 100 + 500 × 400) / 1,000,000 × 1.15
        admitted.ShouldBe(new RequestAdmitted(AdmissionSpec.RequestId, KeyId, OrgId, AdmissionSpec.Model, OrgTier.Standard,
            false, AdmissionSpec.PromptTokens, 500, 0.345m, Currencies.Inr));
    }

    [Fact]
    public void without_max_tokens_the_reservation_uses_the_models_output_cap() =>
        AdmissionSpec.Standard().When(T0).ShouldBeAdmitted().Reserved.ShouldBe(1.7m);

    [Fact]
    public void max_tokens_above_the_models_output_cap_reserve_only_the_cap()
    {
        var admitted = AdmissionSpec.Standard().When(T0, maxTokens: 100_000).ShouldBeAdmitted();

        admitted.MaxOutputTokens.ShouldBe(AdmissionSpec.ModelMaxOutput);
        admitted.Reserved.ShouldBe(1.7m);
    }

    [Fact]
    public void a_request_that_fits_with_max_tokens_is_admitted_where_the_uncapped_one_is_not()
    {
        var spec = AdmissionSpec.Standard(Limits(budget: 1m));

        spec.When(T0).ShouldBeRefused(ErrorCodes.BudgetExceeded, 402);
        spec.When(T0, maxTokens: 500).ShouldBeAdmitted();
    }

    [Fact]
    public void spent_plus_in_flight_plus_this_reservation_may_reach_the_budget_exactly() =>
        WithSpent(1m, 0.3m, T0.AddHours(-1)).GivenAdmitted(T0.AddMinutes(-1), reserved: 0.4m)
            .When(T0, maxTokens: 500).ShouldBeAdmitted();

    [Fact]
    public void spent_plus_in_flight_plus_this_reservation_over_the_budget_is_refused() =>
        WithSpent(1m, 0.300001m, T0.AddHours(-1)).GivenAdmitted(T0.AddMinutes(-1), reserved: 0.4m)
            .When(T0, maxTokens: 500).ShouldBeRefused(ErrorCodes.BudgetExceeded, 402);

    [Fact]
    public void reservations_in_flight_hold_the_budget_until_they_settle()
    {
        var spec = AdmissionSpec.Standard(Limits(budget: 1m));

        spec.Admit(T0, maxTokens: 500).ShouldBeAdmitted();
        var second = spec.Admit(T0, maxTokens: 500).ShouldBeAdmitted();
        spec.Admit(T0, maxTokens: 500).ShouldBeAdmitted();
        spec.When(T0, maxTokens: 500).ShouldBeRefused(ErrorCodes.BudgetExceeded, 402);

        // the second settles at ₹0.10, releasing its ₹0.30: 0.10 spent + 0.60 in flight + 0.30 reaches ₹1 exactly
        spec.Given(T0.AddSeconds(2), AdmissionSpec.Completed(second, T0, 0.1m));
        spec.When(T0.AddSeconds(3), maxTokens: 500).ShouldBeAdmitted();
    }

    [Fact]
    public void spend_of_last_week_does_not_count_against_a_weekly_budget() =>
        // Sunday 12 January is in the week before Wednesday 15 January
        WithSpent(1m, 0.9m, T0.AddDays(-3), BudgetPeriod.Week).When(T0, maxTokens: 500).ShouldBeAdmitted();

    [Fact]
    public void spend_of_last_week_counts_against_a_monthly_budget() =>
        WithSpent(1m, 0.9m, T0.AddDays(-3), BudgetPeriod.Month).When(T0, maxTokens: 500).ShouldBeRefused(ErrorCodes.BudgetExceeded, 402);

    [Fact]
    public void a_weekly_budget_refusal_retries_on_monday_at_local_midnight() =>
        WithSpent(1m, 0.9m, T0.AddHours(-1), BudgetPeriod.Week).When(T0, maxTokens: 500).RetryAfterSeconds.ShouldBe(4 * 86_400 + 8 * 3600 + 30 * 60);

    [Fact]
    public void a_monthly_budget_resets_at_local_midnight_on_the_first()
    {
        var istFebruary = new DateTimeOffset(2025, 1, 31, 18, 30, 0, TimeSpan.Zero);
        var spec = WithSpent(1m, 0.9m, istFebruary.AddMinutes(-1));

        spec.When(istFebruary.AddMilliseconds(-1), maxTokens: 500).ShouldBeRefused(ErrorCodes.BudgetExceeded, 402);
        spec.When(istFebruary, maxTokens: 500).ShouldBeAdmitted();
    }

    [Fact]
    public void a_budget_switched_to_daily_counts_only_todays_spend() =>
        WithSpent(1m, 0.9m, T0.AddDays(-1))
            .Given(T0.AddMinutes(-1), new KeyUpdated(KeyId, OrgId, "prod-backend", Limits(budget: 1m, period: BudgetPeriod.Day)))
            .When(T0, maxTokens: 500).ShouldBeAdmitted();

    [Fact]
    public void a_trial_request_reserves_nothing_so_a_trial_key_budget_never_refuses()
    {
        var admitted = AdmissionSpec.Trial(Limits(budget: 0.01m)).When(T0).ShouldBeAdmitted();

        admitted.Reserved.ShouldBe(0m);
        admitted.Tier.ShouldBe(OrgTier.Trial);
    }

    [Fact]
    public void the_budget_is_checked_before_the_credit_balance() =>
        AdmissionSpec.Standard(Limits(budget: 1m)).GivenAdmitted(T0.AddMinutes(-1), reserved: 1_000m)
            .When(T0).ShouldBeRefused(ErrorCodes.BudgetExceeded, 402);
}
