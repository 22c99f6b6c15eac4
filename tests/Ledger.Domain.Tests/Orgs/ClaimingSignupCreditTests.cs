using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Orgs;

public sealed class ClaimingSignupCreditTests
{
    [Fact]
    public void claiming_the_signup_credit_credits_the_org() =>
        Spec.Org.Given(InrOrg())
            .When(new OrgCommand.ClaimSignupCredit(100m, Currencies.Inr))
            .Then(new SignupCreditClaimed(OrgId, 100m, Currencies.Inr));

    [Fact]
    public void claiming_the_signup_credit_a_second_time_is_refused() =>
        Spec.Org.Given(InrOrg(), new SignupCreditClaimed(OrgId, 100m, Currencies.Inr))
            .When(new OrgCommand.ClaimSignupCredit(100m, Currencies.Inr))
            .ThenRefused("credit_already_claimed");

    [Fact]
    public void a_signup_credit_in_another_currency_is_refused() =>
        Spec.Org.Given(InrOrg())
            .When(new OrgCommand.ClaimSignupCredit(15m, Currencies.Eur))
            .ThenRefused("currency_mismatch");

    [Fact]
    public void the_claimed_signup_credit_makes_the_org_standard()
    {
        var org = Org.Fold([InrOrg(), new SignupCreditClaimed(OrgId, 100m, Currencies.Inr)])!;

        org.Tier.ShouldBe(OrgTier.Standard);
        org.CreditsReceived.ShouldBe(100m);
    }
}
