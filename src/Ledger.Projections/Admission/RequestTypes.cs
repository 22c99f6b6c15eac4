using Ledger.Domain.Admission;
using Ledger.Domain.Pricing;

namespace Ledger.Projections.Admission;

/// <summary>The dearest price a request could be served at, in the org's currency, and the model's output cap.</summary>
public sealed record ModelQuote(UnitPrices WorstCase, int MaxOutputTokens);

/// <summary>A request waiting for admission. <see cref="Quote"/> prices the model for the key's org once its row is known.</summary>
public sealed record AdmissionTicket(
    string KeyHash, Guid RequestId, string Model, bool Stream, int PromptTokensEstimate, int? MaxTokens,
    Func<OrgAdmission, ModelQuote?> Quote);

/// <summary>
/// The outcome; <see cref="Decision"/> is null when the presented key matches no key at all.
/// <see cref="Hash"/> is the recorded event's hash, which the request's settlement chains to.
/// </summary>
public sealed record AdmissionResult(AdmissionDecision? Decision, KeyAdmission? Key, OrgAdmission? Org, DateTimeOffset At, byte[]? Hash);
