using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

/// <summary>The one rule every surface (inference, management API, MCP tools) refuses a key by.</summary>
public sealed class KeyAccessTests
{
    private static readonly DateTimeOffset Expiry = T0.AddHours(1);

    private static KeyAdmission KeyWith(params object[] events) =>
        new AdmissionSpec().Given(T0, [InrOrg(), Key(expiresAt: Expiry), .. events]).Key;

    [Fact]
    public void an_active_full_scope_key_may_do_anything() =>
        KeyAccess.Check(KeyWith(), T0, KeyScope.Full).ShouldBeNull();

    [Fact]
    public void the_order_is_revoked_then_disabled_then_expired_then_scope()
    {
        var all = KeyWith(new KeyDisabled(KeyId, OrgId), new KeyRevoked(KeyId, OrgId));
        var disabledAndExpired = KeyWith(new KeyDisabled(KeyId, OrgId));

        KeyAccess.Check(all, Expiry, KeyScope.Full)!.Code.ShouldBe(ErrorCodes.KeyRevoked);
        KeyAccess.Check(disabledAndExpired, Expiry, KeyScope.Full).ShouldBe(new KeyRefusal(ErrorCodes.KeyDisabled, 403,
            "This API key is disabled; enable it on the dashboard."));
        KeyAccess.Check(KeyWith(), Expiry, KeyScope.Full)!.Status.ShouldBe(401);
        KeyAccess.Check(KeyWith(), Expiry, KeyScope.Full)!.Message.ShouldBe($"This API key expired at {Expiry:u}.");
    }

    [Fact]
    public void an_inference_only_key_is_refused_only_where_full_scope_is_needed()
    {
        var inference = KeyWith() with { Scope = KeyScope.Inference };

        KeyAccess.Check(inference, T0, KeyScope.Inference).ShouldBeNull();
        KeyAccess.Check(inference, T0, KeyScope.Full)!.ShouldSatisfyAllConditions(
            r => r.Code.ShouldBe(ErrorCodes.InsufficientScope), r => r.Status.ShouldBe(403));
    }
}
