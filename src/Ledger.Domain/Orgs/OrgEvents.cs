namespace Ledger.Domain.Orgs;

/// <summary>
/// An org was created. No personal data here: the history is hash-chained and can never be erased,
/// so the signup email lives in org_personal_data. Events written before that still carry an
/// "email" field, which reading ignores.
/// </summary>
[EventType("V1.OrgSignedUp")]
public sealed record OrgSignedUp(
    Guid OrgId, string Name, string Currency, string TimeZone, string[] AllowedRegions, PlanTerms Plan) : IOrgEvent;

[EventType("V1.SignupCreditClaimed")]
public sealed record SignupCreditClaimed(Guid OrgId, decimal Amount, string Currency) : IOrgEvent;

[EventType("V1.PaymentRecorded")]
public sealed record PaymentRecorded(Guid OrgId, decimal Amount, string Currency, string Reference) : IOrgEvent;

[EventType("V1.PlanChanged")]
public sealed record PlanChanged(Guid OrgId, PlanTerms Plan) : IOrgEvent;

/// <summary>A key was issued to the org; the org stream counts its active keys from these.</summary>
[EventType("V1.KeyIssued")]
public sealed record KeyIssued(Guid OrgId, Guid KeyId, bool Ephemeral, DateTimeOffset? ExpiresAt) : IOrgEvent;

[EventType("V1.KeyRetired")]
public sealed record KeyRetired(Guid OrgId, Guid KeyId) : IOrgEvent;

/// <summary>One signup credit taken from the shared promotional pool (the pool's own stream).</summary>
[EventType("V1.PromoCreditTaken")]
public sealed record PromoCreditTaken(Guid OrgId, int PoolSize) : IPromoEvent;
