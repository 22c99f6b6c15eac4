using Ledger.Domain.Keys;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Keys;

public sealed class KeyStatusTests
{
    private static readonly DateTimeOffset Expiry = T0.AddDays(90);

    private static KeyStatus StatusAt(DateTimeOffset now, params object[] events) => ApiKey.Fold(events)!.StatusAt(now);

    [Fact]
    public void a_minted_key_is_active_until_it_expires()
    {
        StatusAt(Expiry.AddMilliseconds(-1), Key(expiresAt: Expiry)).ShouldBe(KeyStatus.Active);
        StatusAt(Expiry, Key(expiresAt: Expiry)).ShouldBe(KeyStatus.Expired);
    }

    [Fact]
    public void a_key_without_expiry_never_expires() =>
        StatusAt(DateTimeOffset.MaxValue, Key()).ShouldBe(KeyStatus.Active);

    [Fact]
    public void a_disabled_key_is_disabled_until_enabled()
    {
        StatusAt(T0, Key(), new KeyDisabled(KeyId, OrgId)).ShouldBe(KeyStatus.Disabled);
        StatusAt(T0, Key(), new KeyDisabled(KeyId, OrgId), new KeyEnabled(KeyId, OrgId)).ShouldBe(KeyStatus.Active);
    }

    [Fact]
    public void a_revoked_key_stays_revoked_after_it_expires() =>
        StatusAt(Expiry.AddDays(1), Key(expiresAt: Expiry), new KeyRevoked(KeyId, OrgId)).ShouldBe(KeyStatus.Revoked);

    [Fact]
    public void a_disabled_key_past_its_expiry_shows_as_expired() =>
        StatusAt(Expiry, Key(expiresAt: Expiry), new KeyDisabled(KeyId, OrgId)).ShouldBe(KeyStatus.Expired);

    [Fact]
    public void an_update_replaces_the_name_and_limits()
    {
        var key = ApiKey.Fold([Key(Limits(rpm: 5)), new KeyUpdated(KeyId, OrgId, "renamed", Limits(daily: 9))])!;

        key.Name.ShouldBe("renamed");
        key.Limits.ShouldBe(Limits(daily: 9));
    }
}
