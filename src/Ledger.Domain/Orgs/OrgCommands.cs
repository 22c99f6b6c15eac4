namespace Ledger.Domain.Orgs;

public abstract record OrgCommand
{
    private OrgCommand() { }

    public sealed record SignUp(Guid OrgId, string Name, string Currency, string TimeZone, string[] AllowedRegions, PlanTerms Plan) : OrgCommand;
    public sealed record ClaimSignupCredit(decimal Amount, string Currency) : OrgCommand;
    public sealed record RecordPayment(decimal Amount, string Currency, string Reference) : OrgCommand;
    public sealed record ChangePlan(PlanTerms Plan) : OrgCommand;
    public sealed record IssueKey(Guid KeyId, bool Ephemeral, DateTimeOffset? ExpiresAt, DateTimeOffset Now, int MaxActive) : OrgCommand;
    public sealed record RetireKey(Guid KeyId) : OrgCommand;
}
