namespace Ledger.Domain.Admission;

/// <summary>
/// Deployment-wide admission settings. The status for a breached key budget differs between the
/// seed deployments (402 on the EUR page, 429 on the INR page), so it is a setting, not a constant.
/// </summary>
public sealed record AdmissionPolicy(
    int? GlobalKeyRpmCap = 120,
    int TrialRpmCap = 60,
    int TrialDailyCap = 200,
    int BudgetExceededStatus = 402);
