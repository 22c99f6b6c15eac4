using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

public sealed class KeyAndModelRefusalsTests
{
    private static readonly DateTimeOffset Expiry = T0.AddHours(1);

    [Fact]
    public void an_active_key_with_a_served_model_is_admitted() =>
        AdmissionSpec.Standard().When(T0).ShouldBeAdmitted().KeyId.ShouldBe(KeyId);

    [Fact]
    public void a_revoked_key_is_refused_401_key_revoked() =>
        AdmissionSpec.Standard().Given(T0, new KeyRevoked(KeyId, OrgId))
            .When(T0).ShouldBeRefused(ErrorCodes.KeyRevoked, 401);

    [Fact]
    public void a_disabled_key_is_refused_403_key_disabled() =>
        AdmissionSpec.Standard().Given(T0, new KeyDisabled(KeyId, OrgId))
            .When(T0).ShouldBeRefused(ErrorCodes.KeyDisabled, 403);

    [Fact]
    public void a_re_enabled_key_is_admitted() =>
        AdmissionSpec.Standard().Given(T0, new KeyDisabled(KeyId, OrgId), new KeyEnabled(KeyId, OrgId))
            .When(T0).ShouldBeAdmitted();

    [Fact]
    public void a_key_is_refused_401_key_expired_from_the_instant_it_expires()
    {
        var spec = new AdmissionSpec().Given(T0, InrOrg(), new SignupCreditClaimed(OrgId, 100m, Currencies.Inr), Key(expiresAt: Expiry));

        spec.When(Expiry.AddMilliseconds(-1)).ShouldBeAdmitted();
        spec.When(Expiry).ShouldBeRefused(ErrorCodes.KeyExpired, 401);
    }

    [Fact]
    public void a_revoked_key_is_refused_as_revoked_even_when_disabled_and_expired() =>
        new AdmissionSpec().Given(T0, InrOrg(), Key(expiresAt: Expiry), new KeyDisabled(KeyId, OrgId), new KeyRevoked(KeyId, OrgId))
            .When(Expiry.AddDays(1)).ShouldBeRefused(ErrorCodes.KeyRevoked, 401);

    [Fact]
    public void a_disabled_key_is_refused_as_disabled_before_its_expiry_is_checked() =>
        new AdmissionSpec().Given(T0, InrOrg(), Key(expiresAt: Expiry), new KeyDisabled(KeyId, OrgId))
            .When(Expiry.AddDays(1)).ShouldBeRefused(ErrorCodes.KeyDisabled, 403);

    [Fact]
    public void a_model_no_provider_serves_in_the_orgs_regions_is_refused_404_model_not_found()
    {
        var rejected = AdmissionSpec.Standard().When(T0, modelServed: false).ShouldBeRefused(ErrorCodes.ModelNotFound, 404);

        rejected.Model.ShouldBe(AdmissionSpec.Model);
        rejected.Message.ShouldContain("regions (in)");
    }

    [Fact]
    public void the_key_status_is_checked_before_the_model() =>
        AdmissionSpec.Standard().Given(T0, new KeyRevoked(KeyId, OrgId))
            .When(T0, modelServed: false).ShouldBeRefused(ErrorCodes.KeyRevoked, 401);

    [Fact]
    public void the_model_is_checked_before_the_rate_limit() =>
        AdmissionSpec.Standard(Limits(rpm: 1)).GivenAdmitted(T0)
            .When(T0, modelServed: false).ShouldBeRefused(ErrorCodes.ModelNotFound, 404);

    [Fact]
    public void refusals_on_the_key_carry_no_retry_after() =>
        AdmissionSpec.Standard().Given(T0, new KeyDisabled(KeyId, OrgId)).When(T0).RetryAfterSeconds.ShouldBeNull();

    [Fact]
    public void an_unknown_key_is_refused_401_invalid_api_key_with_no_org_to_bill()
    {
        var rejected = AdmissionDecider.UnknownKey(AdmissionSpec.RequestId, "gpt-5.1");

        rejected.Code.ShouldBe(ErrorCodes.InvalidApiKey);
        rejected.Status.ShouldBe(401);
        rejected.KeyId.ShouldBeNull();
        rejected.OrgId.ShouldBeNull();
    }
}
