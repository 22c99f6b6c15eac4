using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;

namespace Ledger.Domain.Tests;

/// <summary>Ids, plans, orgs and keys the tests share. Instants are explicit, never the clock.</summary>
internal static class Given
{
    public static readonly Guid OrgId = Guid.Parse("0a000000-0000-0000-0000-000000000001");
    public static readonly Guid KeyId = Guid.Parse("0b000000-0000-0000-0000-000000000001");

    /// <summary>Wednesday 15 January 2025, 10:00 UTC (15:30 IST, 11:00 Paris).</summary>
    public static readonly DateTimeOffset T0 = new(2025, 1, 15, 10, 0, 0, TimeSpan.Zero);

    public static readonly PlanTerms Free = new("free", null, null, null, 0m);
    public static readonly PlanTerms Pro = new("pro", 60, 5_000, 100_000, 15m);

    public static readonly string[] EuRegions = ["eu"];
    public static readonly string[] InRegions = ["in"];

    public static OrgSignedUp InrOrg(PlanTerms? plan = null) =>
        new(OrgId, "Acme India", Currencies.Inr, "Asia/Kolkata", InRegions, plan ?? Free);

    public static OrgSignedUp EurOrg(PlanTerms? plan = null) =>
        new(OrgId, "Acme Europe", Currencies.Eur, "Europe/Paris", EuRegions, plan ?? Free);

    public static KeyMinted Key(
        KeyLimits? limits = null, DateTimeOffset? expiresAt = null, bool ephemeral = false,
        OrgTier tier = OrgTier.Standard, Guid? keyId = null) =>
        new(keyId ?? KeyId, OrgId, "prod-backend", "hash", "br-abcdefghi", tier,
            ephemeral ? KeyScope.Inference : KeyScope.Full, ephemeral, limits ?? KeyLimits.None, expiresAt);

    public static KeyLimits Limits(int? rpm = null, int? daily = null, decimal? budget = null, BudgetPeriod period = BudgetPeriod.Month) =>
        new(rpm, daily, budget, period);
}
