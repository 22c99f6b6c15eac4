using Ledger.Domain.Admission;
using Ledger.Domain.Orgs;
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

    [Fact]
    public void a_standard_org_with_any_balance_left_beyond_its_reservations_is_admitted() =>
        AdmissionSpec.Standard().GivenAdmitted(T0.AddMinutes(-1), reserved: 999.999999m).When(T0).ShouldBeAdmitted();

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
