namespace Ledger.Domain.Admission;

/// <summary>The refusal codes clients see, with the status each one carries.</summary>
public static class ErrorCodes
{
    public const string InvalidApiKey = "invalid_api_key";           // 401
    public const string KeyRevoked = "key_revoked";                  // 401
    public const string KeyDisabled = "key_disabled";                // 403
    public const string KeyExpired = "key_expired";                  // 401
    public const string InsufficientScope = "insufficient_scope";    // 403
    public const string ModelNotFound = "model_not_found";           // 404
    public const string RateLimitExceeded = "rate_limit_exceeded";   // 429
    public const string DailyLimitReached = "daily_limit_reached";   // 429
    public const string BudgetExceeded = "budget_exceeded";          // 402 or 429, per deployment
    public const string InsufficientCredits = "insufficient_credits"; // 402
    public const string PlanRateLimitExceeded = "plan_rate_limit_exceeded";       // 429
    public const string PlanDailyLimitReached = "plan_daily_limit_reached";       // 429
    public const string PlanMonthlyLimitReached = "plan_monthly_limit_reached";   // 429
}
