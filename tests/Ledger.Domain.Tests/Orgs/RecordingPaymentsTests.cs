using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Orgs;

public sealed class RecordingPaymentsTests
{
    [Fact]
    public void a_payment_is_recorded_with_its_reference() =>
        Spec.Org.Given(EurOrg())
            .When(new OrgCommand.RecordPayment(50m, Currencies.Eur, "inv-1"))
            .Then(new PaymentRecorded(OrgId, 50m, Currencies.Eur, "inv-1"));

    [Fact]
    public void a_payment_with_a_reference_already_recorded_changes_nothing() =>
        Spec.Org.Given(EurOrg(), new PaymentRecorded(OrgId, 50m, Currencies.Eur, "inv-1"))
            .When(new OrgCommand.RecordPayment(50m, Currencies.Eur, "inv-1"))
            .ThenNothing();

    [Fact]
    public void a_payment_with_a_new_reference_after_another_is_recorded() =>
        Spec.Org.Given(EurOrg(), new PaymentRecorded(OrgId, 50m, Currencies.Eur, "inv-1"))
            .When(new OrgCommand.RecordPayment(20m, Currencies.Eur, "inv-2"))
            .Then(new PaymentRecorded(OrgId, 20m, Currencies.Eur, "inv-2"));

    [Fact]
    public void a_payment_in_the_wrong_currency_is_refused() =>
        Spec.Org.Given(EurOrg())
            .When(new OrgCommand.RecordPayment(50m, Currencies.Inr, "inv-1"))
            .ThenRefused("currency_mismatch");

    [Theory]
    [InlineData(-5)]
    [InlineData(0)]
    public void a_payment_that_is_not_positive_is_refused(int amount) =>
        Spec.Org.Given(EurOrg())
            .When(new OrgCommand.RecordPayment(amount, Currencies.Eur, "inv-1"))
            .ThenRefused("invalid_amount");

    [Fact]
    public void a_payment_makes_the_org_standard()
    {
        var org = Org.Fold([EurOrg(), new PaymentRecorded(OrgId, 50m, Currencies.Eur, "inv-1")])!;

        org.Tier.ShouldBe(OrgTier.Standard);
        org.CreditsReceived.ShouldBe(50m);
    }
}
