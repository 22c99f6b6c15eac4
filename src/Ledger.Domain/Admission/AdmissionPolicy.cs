using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;

namespace Ledger.Domain.Admission;

/// <summary>
/// Deployment-wide admission settings. The status for a breached key budget differs between the
/// seed deployments (402 on the EUR page, 429 on the INR page), so it is a setting, not a constant.
/// </summary>
public sealed record AdmissionPolicy(
    int? GlobalKeyRpmCap = 120,
    int TrialRpmCap = 60,
    int TrialDailyCap = 200,
    int BudgetExceededStatus = 402)
{
    /// <summary>
    /// The per-minute limit a key's requests are held to, the tightest of its own, the global cap and
    /// the trial cap; null when none applies. Admission refuses by it and keeps a window only when it is set.
    /// </summary>
    public int? KeyRpmLimit(KeyLimits limits, OrgTier tier) =>
        Tightest(Tightest(limits.RpmLimit, GlobalKeyRpmCap), tier == OrgTier.Trial ? TrialRpmCap : null);

    /// <summary>The tighter of two optional limits; null when neither applies.</summary>
    public static int? Tightest(int? a, int? b) => a is int x && b is int y ? Math.Min(x, y) : a ?? b;
}
