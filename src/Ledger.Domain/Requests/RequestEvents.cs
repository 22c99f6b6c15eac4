using Ledger.Domain.Orgs;

namespace Ledger.Domain.Requests;

/// <summary>One upstream try: which provider, how it went, how long it took.</summary>
public sealed record UpstreamAttempt(string Provider, string Region, string Outcome, int? Status, double LatencyMs);

/// <summary>
/// A request passed every limit. <see cref="Reserved"/> is its worst-case cost in the org's
/// currency, held against the key's budget and the org's balance until the request settles.
/// </summary>
[EventType("V1.RequestAdmitted")]
public sealed record RequestAdmitted(
    Guid RequestId, Guid KeyId, Guid OrgId, string Model, OrgTier Tier, bool Stream,
    int PromptTokensEstimate, int MaxOutputTokens, decimal Reserved, string Currency) : IRequestEvent;

/// <summary>A request refused before it reached a provider; shown in the activity feed like any other.</summary>
[EventType("V1.RequestRejected")]
public sealed record RequestRejected(
    Guid RequestId, Guid? KeyId, Guid? OrgId, string? Model, string Code, int Status, string Message) : IRequestEvent;

/// <summary>
/// An admitted request finished (or failed upstream). It carries every fact needed to recompute its
/// money later — unit prices, FX, markup — so replay never reads today's configuration.
/// </summary>
[EventType("V1.RequestCompleted")]
public sealed record RequestCompleted(
    Guid RequestId, Guid KeyId, Guid OrgId, string Model, DateTimeOffset AdmittedAt,
    string? Provider, string? Region, int Status, string? ErrorCode,
    int TokensIn, int TokensOut, double LatencyMs,
    decimal InputPerMillion, decimal OutputPerMillion, string ProviderCurrency, decimal FxRate, decimal MarkupPercent,
    decimal ProviderCost, decimal Charged, string Currency, decimal Reserved, bool Billable,
    UpstreamAttempt[] Attempts) : IRequestEvent;

/// <summary>
/// A reservation whose completion never arrived (the node died mid-request), settled by the sweeper
/// at the reserved amount: the provider may well have served it.
/// </summary>
[EventType("V1.ReservationExpired")]
public sealed record ReservationExpired(
    Guid RequestId, Guid KeyId, Guid OrgId, string Model, DateTimeOffset AdmittedAt, decimal Reserved, decimal Charged, string Currency) : IRequestEvent;
