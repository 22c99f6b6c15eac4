using Ledger.Domain.Admission;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

public sealed class CreditTests
{
    [Fact]
    public void a_standard_org_with_no_balance_left_is_refused_402_insufficient_credits()
    {
        var spec = AdmissionSpec.Standard();
        var spent = spec.Admitted(1_000m);
        spec.Given(T0.AddHours(-1), spent, AdmissionSpec.Completed(spent, T0.AddHours(-1), 1_000m));

        var decision = spec.When(T0);

        decision.ShouldBeRefused(ErrorCodes.InsufficientCredits, 402);
        decision.RetryAfterSeconds.ShouldBeNull();
    }

    [Fact]
    public void a_standard_org_whose_balance_is_held_by_requests_in_flight_is_refused() =>
        AdmissionSpec.Standard().GivenAdmitted(T0.AddMinutes(-1), reserved: 1_000m)
            .When(T0).ShouldBeRefused(ErrorCodes.InsufficientCredits, 402);

    // without max_tokens a request may cost up to ₹1.70 (BudgetTests), with max_tokens 500 up to ₹0.30

    [Fact]
    public void a_standard_org_whose_balance_beyond_its_reservations_covers_the_worst_case_is_admitted() =>
        AdmissionSpec.Standard().GivenAdmitted(T0.AddMinutes(-1), reserved: 998.3m).When(T0).ShouldBeAdmitted().Reserved.ShouldBe(1.7m);

    [Fact]
    public void a_balance_left_that_cannot_cover_the_requests_worst_case_is_refused_naming_both()
    {
        var decision = AdmissionSpec.Standard().GivenAdmitted(T0.AddMinutes(-1), reserved: 998.300001m).When(T0);

        decision.ShouldBeRefused(ErrorCodes.InsufficientCredits, 402);
        var message = ((RequestRejected)decision.Event).Message;
        message.ShouldContain("in flight 998.300001");
        message.ShouldContain("may cost up to 1.7");
    }

    [Fact]
    public void a_smaller_max_tokens_fits_a_balance_the_models_cap_does_not()
    {
        var spec = AdmissionSpec.Standard().GivenAdmitted(T0.AddMinutes(-1), reserved: 999m);

        spec.When(T0).ShouldBeRefused(ErrorCodes.InsufficientCredits, 402);
        spec.When(T0, maxTokens: 500).ShouldBeAdmitted().Reserved.ShouldBe(0.3m);
    }

    [Fact]
    public void requests_in_flight_together_hold_no_more_than_the_balance()
    {
        var spec = AdmissionSpec.Standard().GivenAdmitted(T0.AddMinutes(-1), reserved: 998.5m);
        var admitted = 0;
        AdmissionDecision decision;
        while ((decision = spec.Admit(T0, maxTokens: 500)).Admitted) admitted++;

        admitted.ShouldBe(5); // ₹0.30 each out of the ₹1.50 left
        decision.ShouldBeRefused(ErrorCodes.InsufficientCredits, 402);
        spec.Org.Reserved.ShouldBe(spec.Org.Balance);
    }

    [Fact]
    public void a_standard_org_in_debt_is_refused()
    {
        var spec = AdmissionSpec.Standard();
        var spent = spec.Admitted(1.7m);
        spec.Given(T0.AddHours(-1), spent, AdmissionSpec.Completed(spent, T0.AddHours(-1), 1_000.5m));

        spec.Org.Balance.ShouldBe(-0.5m);
        spec.When(T0).ShouldBeRefused(ErrorCodes.InsufficientCredits, 402);
    }

    [Fact]
    public void a_payment_lets_a_drained_org_in_again()
    {
        var spec = AdmissionSpec.Standard();
        var spent = spec.Admitted(1_000m);
        spec.Given(T0.AddHours(-1), spent, AdmissionSpec.Completed(spent, T0.AddHours(-1), 1_000m));

        spec.Given(T0.AddMinutes(-1), new PaymentRecorded(OrgId, 500m, Currencies.Inr, "inv-1")).When(T0).ShouldBeAdmitted();
    }

    [Fact]
    public void a_trial_org_with_no_balance_is_admitted_free() =>
        AdmissionSpec.Trial().When(T0).ShouldBeAdmitted().Tier.ShouldBe(OrgTier.Trial);

    [Fact]
    public void the_credit_balance_is_checked_before_the_plan_caps() =>
        AdmissionSpec.Standard(plan: new PlanTerms("tiny", 1, 1, 1, 0m)).GivenAdmitted(T0.AddMinutes(-1), reserved: 1_000m)
            .When(T0).ShouldBeRefused(ErrorCodes.InsufficientCredits, 402);
}
