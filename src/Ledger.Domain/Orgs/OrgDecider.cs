namespace Ledger.Domain.Orgs;

/// <summary>The org's business rules. A command that changes nothing returns no events.</summary>
public static class OrgDecider
{
    public static IOrgEvent[] Decide(OrgCommand command, Org? state) => (command, state) switch
    {
        (OrgCommand.SignUp c, null) => [new OrgSignedUp(c.OrgId, c.Name, c.Currency, c.TimeZone, c.AllowedRegions, c.Plan)],
        (OrgCommand.SignUp, not null) => throw new DomainException(RuleKind.Conflict, "org_exists", "This org already exists."),
        (_, null) => throw new DomainException(RuleKind.NotFound, "org_not_found", "No such org."),

        (OrgCommand.ClaimSignupCredit, { ClaimedSignupCredit: true }) =>
            throw new DomainException(RuleKind.Conflict, "credit_already_claimed", "This org has already claimed its signup credit."),
        (OrgCommand.ClaimSignupCredit c, _) => [new SignupCreditClaimed(state.Id, c.Amount, EnsureCurrency(state, c.Currency))],

        (OrgCommand.RecordPayment c, _) when state.PaymentReferences.Contains(c.Reference) => [],
        (OrgCommand.RecordPayment c, _) when c.Amount <= 0 =>
            throw new DomainException(RuleKind.Invalid, "invalid_amount", "A payment must be a positive amount."),
        (OrgCommand.RecordPayment c, _) => [new PaymentRecorded(state.Id, c.Amount, EnsureCurrency(state, c.Currency), c.Reference)],

        (OrgCommand.ChangePlan c, _) when c.Plan == state.Plan => [],
        (OrgCommand.ChangePlan c, _) => [new PlanChanged(state.Id, c.Plan)],

        (OrgCommand.IssueKey c, _) when state.ActiveKeys(c.Now, c.Ephemeral) >= c.MaxActive =>
            throw new DomainException(RuleKind.Conflict, "active_key_limit_reached",
                $"This org already has {c.MaxActive} active {(c.Ephemeral ? "ephemeral " : "")}keys; revoke one before minting another."),
        (OrgCommand.IssueKey c, _) => [new KeyIssued(state.Id, c.KeyId, c.Ephemeral, c.ExpiresAt)],

        (OrgCommand.RetireKey c, _) when !state.Keys.ContainsKey(c.KeyId) => [],
        (OrgCommand.RetireKey c, _) => [new KeyRetired(state.Id, c.KeyId)],

        _ => throw new InvalidOperationException($"Unhandled org command {command.GetType().Name}."),
    };

    private static string EnsureCurrency(Org org, string currency) =>
        currency == org.Currency
            ? currency
            : throw new DomainException(RuleKind.Invalid, "currency_mismatch",
                $"This org is billed in {org.Currency}; an amount in {currency} cannot be credited to it.");
}

/// <summary>The shared signup-credit pool: its stream version is the number of credits taken.</summary>
public static class PromoPool
{
    public const string StreamId = "promo-signup-credit";

    public static IPromoEvent[] Take(Guid orgId, int taken, int poolSize) =>
        taken >= poolSize
            ? throw new DomainException(RuleKind.Gone, "promo_exhausted", "All signup credits have been claimed.")
            : [new PromoCreditTaken(orgId, poolSize)];
}
