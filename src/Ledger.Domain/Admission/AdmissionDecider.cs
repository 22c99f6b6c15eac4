using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Pricing;
using Ledger.Domain.Requests;

namespace Ledger.Domain.Admission;

/// <summary>
/// One inference request to admit. <see cref="WorstCasePrice"/> is the dearest provider's price for
/// the model in the org's regions, already in the org's currency; null when no provider serves it.
/// </summary>
public sealed record AdmitRequest(
    Guid RequestId, string Model, bool Stream, int PromptTokensEstimate, int? MaxTokens,
    UnitPrices? WorstCasePrice, int ModelMaxOutputTokens, DateTimeOffset Now);

/// <summary>The rate-limit picture OpenAI clients read from x-ratelimit-* headers.</summary>
public sealed record RateLimitStatus(int Limit, int Remaining, int ResetSeconds);

public sealed record AdmissionDecision(IRequestEvent Event, RateLimitStatus? RateLimit, int? RetryAfterSeconds)
{
    public bool Admitted => Event is RequestAdmitted;
}

/// <summary>
/// Checks a request against every limit, in the documented order, and says which event records the
/// outcome. Pure: the caller holds the rows locked, appends the event and folds it into the rows.
/// </summary>
public static class AdmissionDecider
{
    public static AdmissionDecision Decide(AdmitRequest r, KeyAdmission key, OrgAdmission org, AdmissionPolicy policy)
    {
        var now = r.Now;
        // an inference-only key may make inference calls: only its state is checked here
        if (KeyAccess.Check(key, now, KeyScope.Inference) is { } refused) return Refuse(r, key, refused.Code, refused.Status, refused.Message);
        if (r.WorstCasePrice is null)
            return Refuse(r, key, ErrorCodes.ModelNotFound, 404,
                $"The model '{r.Model}' is not available in this org's regions ({string.Join(", ", org.AllowedRegions)}).");

        var tier = org.Tier;
        var rpm = policy.KeyRpmLimit(key.Limits, tier);
        var used = key.Recent.CountAt(now);
        if (rpm is int rpmLimit && used >= rpmLimit)
            return Refuse(r, key, ErrorCodes.RateLimitExceeded, 429,
                $"Rate limit of {rpmLimit} requests per minute reached for this key.", key.Recent.SecondsUntilBelow(rpmLimit, now));

        var daily = AdmissionPolicy.Tightest(key.Limits.DailyLimit, tier == OrgTier.Trial ? policy.TrialDailyCap : null);
        if (daily is int dailyLimit && key.DayCountAt(now, org.TimeZone) >= dailyLimit)
            return Refuse(r, key, ErrorCodes.DailyLimitReached, 429,
                $"Daily limit of {dailyLimit} requests reached for this key; it resets at midnight ({org.TimeZone}).",
                OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, now, org.TimeZone));

        var maxOut = Math.Min(r.MaxTokens ?? r.ModelMaxOutputTokens, r.ModelMaxOutputTokens);
        var reserve = Pricer.Price(r.PromptTokensEstimate, maxOut, r.WorstCasePrice, 1m, org.Plan.MarkupPercent, tier == OrgTier.Standard).Charged;
        if (key.Limits.Budget is decimal budget)
        {
            var spend = key.SpendAt(key.Limits.BudgetPeriod, now, org.TimeZone);
            if (spend.Spent + spend.Reserved + reserve > budget)
                return Refuse(r, key, ErrorCodes.BudgetExceeded, policy.BudgetExceededStatus,
                    $"This key's {Describe(key.Limits.BudgetPeriod)} budget of {Currencies.Symbol(org.Currency)}{budget} is reached " +
                    $"(spent {spend.Spent:0.######}, in flight {spend.Reserved:0.######}, this request may cost up to {reserve:0.######}).",
                    OrgCalendar.SecondsUntilNextPeriod(key.Limits.BudgetPeriod, now, org.TimeZone));
        }

        // the request's own worst case counts, as it does for the budget: requests in flight together
        // can then never hold more than the balance, and a balance never goes below zero
        var available = org.Balance - org.Reserved;
        if (tier == OrgTier.Standard && (available <= 0 || available < reserve))
            return Refuse(r, key, ErrorCodes.InsufficientCredits, 402,
                $"The org's prepaid balance of {Currencies.Symbol(org.Currency)}{org.Balance:0.00######} " +
                $"(in flight {org.Reserved:0.######}) cannot cover this request, which may cost up to {reserve:0.######}; top up to continue.");

        var plan = org.Plan;
        if (plan.RpmLimit is int planRpm && org.Recent.CountAt(now) >= planRpm)
            return Refuse(r, key, ErrorCodes.PlanRateLimitExceeded, 429,
                $"The {plan.Name} plan allows {planRpm} requests per minute across all keys.", org.Recent.SecondsUntilBelow(planRpm, now));
        if (plan.DailyLimit is int planDaily && org.DayCountAt(now) >= planDaily)
            return Refuse(r, key, ErrorCodes.PlanDailyLimitReached, 429,
                $"The {plan.Name} plan allows {planDaily} requests per day (resets at midnight UTC).",
                OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Day, now, "UTC"));
        if (plan.MonthlyLimit is int planMonthly && org.MonthCountAt(now) >= planMonthly)
            return Refuse(r, key, ErrorCodes.PlanMonthlyLimitReached, 429,
                $"The {plan.Name} plan allows {planMonthly} requests per month; upgrade the plan for more.",
                OrgCalendar.SecondsUntilNextPeriod(BudgetPeriod.Month, now, "UTC"));

        var admitted = new RequestAdmitted(r.RequestId, key.KeyId, key.OrgId, r.Model, tier, r.Stream,
            r.PromptTokensEstimate, maxOut, reserve, org.Currency);
        var status = rpm is int limit
            ? new RateLimitStatus(limit, Math.Max(0, limit - used - 1), key.Recent.Add(now).SecondsUntilBelow(limit, now))
            : null;
        return new AdmissionDecision(admitted, status, null);
    }

    /// <summary>A presented key that matches nothing: no org to bill it to, so the caller does not record it.</summary>
    public static RequestRejected UnknownKey(Guid requestId, string? model) =>
        new(requestId, null, null, model, ErrorCodes.InvalidApiKey, 401, "Incorrect API key provided.");

    private static AdmissionDecision Refuse(AdmitRequest r, KeyAdmission key, string code, int status, string message, int? retryAfter = null) =>
        new(new RequestRejected(r.RequestId, key.KeyId, key.OrgId, r.Model, code, status, message), null, retryAfter);

    private static string Describe(BudgetPeriod p) => p switch { BudgetPeriod.Day => "daily", BudgetPeriod.Week => "weekly", _ => "monthly" };
}
