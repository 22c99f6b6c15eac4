using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Orgs;

public sealed class ChangingPlansTests
{
    [Fact]
    public void changing_the_plan_records_the_new_terms() =>
        Spec.Org.Given(EurOrg(Free))
            .When(new OrgCommand.ChangePlan(Pro))
            .Then(new PlanChanged(OrgId, Pro));

    [Fact]
    public void changing_to_the_same_plan_terms_changes_nothing() =>
        Spec.Org.Given(EurOrg(Free), new PlanChanged(OrgId, Pro))
            .When(new OrgCommand.ChangePlan(Pro with { }))
            .ThenNothing();

    [Fact]
    public void changing_to_a_plan_of_the_same_name_with_new_terms_is_recorded() =>
        Spec.Org.Given(EurOrg(Pro))
            .When(new OrgCommand.ChangePlan(Pro with { MarkupPercent = 10m }))
            .Then(new PlanChanged(OrgId, Pro with { MarkupPercent = 10m }));

    [Fact]
    public void the_org_is_on_the_plan_it_last_changed_to() =>
        Org.Fold([EurOrg(Free), new PlanChanged(OrgId, Pro)])!.Plan.ShouldBe(Pro);
}
