using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Orgs;

public sealed class SigningUpTests
{
    private static readonly OrgCommand.SignUp SignUp =
        new(OrgId, "Acme India", Currencies.Inr, "Asia/Kolkata", InRegions, Free);

    [Fact]
    public void signing_up_records_the_org_with_its_currency_timezone_regions_and_plan() =>
        Spec.Org.Given().When(SignUp).Then(InrOrg());

    [Fact]
    public void signing_up_an_org_that_exists_is_refused() =>
        Spec.Org.Given(InrOrg()).When(SignUp).ThenRefused("org_exists");

    [Fact]
    public void any_other_command_on_an_org_that_does_not_exist_is_refused() =>
        Spec.Org.Given().When(new OrgCommand.ChangePlan(Pro)).ThenRefused("org_not_found");

    [Fact]
    public void a_new_org_is_on_the_trial_tier()
    {
        var org = Org.Fold([InrOrg()])!;

        org.Tier.ShouldBe(OrgTier.Trial);
        org.Currency.ShouldBe(Currencies.Inr);
        org.TimeZone.ShouldBe("Asia/Kolkata");
    }

    [Fact]
    public void the_default_timezone_follows_the_currency()
    {
        Currencies.DefaultTimeZone(Currencies.Inr).ShouldBe("Asia/Kolkata");
        Currencies.DefaultTimeZone(Currencies.Eur).ShouldBe("Europe/Paris");
    }
}
