using Ledger.Domain.Keys;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Keys;

public sealed class DisablingAndRevokingKeysTests
{
    private static readonly KeyDisabled Disabled = new(KeyId, OrgId);
    private static readonly KeyEnabled Enabled = new(KeyId, OrgId);
    private static readonly KeyRevoked Revoked = new(KeyId, OrgId);

    [Fact]
    public void disabling_a_key_records_it() =>
        Spec.Key.Given(Key()).When(new KeyCommand.Disable()).Then(Disabled);

    [Fact]
    public void disabling_a_disabled_key_changes_nothing() =>
        Spec.Key.Given(Key(), Disabled).When(new KeyCommand.Disable()).ThenNothing();

    [Fact]
    public void enabling_a_disabled_key_records_it() =>
        Spec.Key.Given(Key(), Disabled).When(new KeyCommand.Enable()).Then(Enabled);

    [Fact]
    public void enabling_an_enabled_key_changes_nothing() =>
        Spec.Key.Given(Key(), Disabled, Enabled).When(new KeyCommand.Enable()).ThenNothing();

    [Fact]
    public void revoking_a_key_records_it() =>
        Spec.Key.Given(Key(), Disabled).When(new KeyCommand.Revoke()).Then(Revoked);

    [Fact]
    public void revoking_a_revoked_key_changes_nothing() =>
        Spec.Key.Given(Key(), Revoked).When(new KeyCommand.Revoke()).ThenNothing();

    [Fact]
    public void enabling_a_revoked_key_is_refused() =>
        Spec.Key.Given(Key(), Disabled, Revoked).When(new KeyCommand.Enable()).ThenRefused("key_revoked");

    [Fact]
    public void disabling_a_revoked_key_is_refused() =>
        Spec.Key.Given(Key(), Revoked).When(new KeyCommand.Disable()).ThenRefused("key_revoked");

    [Fact]
    public void updating_a_revoked_key_is_refused() =>
        Spec.Key.Given(Key(), Revoked).When(new KeyCommand.Update("again", KeyLimits.None)).ThenRefused("key_revoked");
}
