using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Pricing;
using Ledger.Domain.Requests;
using static Ledger.Domain.Tests.Given;

namespace Ledger.Domain.Tests.Admission;

/// <summary>
/// Admission rows built the way the projection builds them, by folding events through
/// <see cref="AdmissionEvolve"/> at the instants they occurred; then one request decided against them.
/// </summary>
internal sealed class AdmissionSpec(AdmissionPolicy? policy = null)
{
    /// <summary>The dearest price of the model in the org's regions, in rupees per million tokens.</summary>
    public static readonly UnitPrices Price = new(100m, 400m, Currencies.Inr);
    public const string Model = "gpt-5.1";
    public const int PromptTokens = 1_000;
    public const int ModelMaxOutput = 4_000;
    public static readonly Guid RequestId = Guid.Parse("0c000000-0000-0000-0000-000000000001");
    public static readonly Guid OtherKeyId = Guid.Parse("0b000000-0000-0000-0000-000000000002");

    private OrgAdmission? org;
    private KeyAdmission? key;
    private int requests;

    public AdmissionPolicy Policy { get; } = policy ?? new AdmissionPolicy();
    public OrgAdmission Org => org ?? throw new InvalidOperationException("No org signed up.");
    public KeyAdmission Key => key ?? throw new InvalidOperationException("No key minted.");

    /// <summary>An org with ₹1,000 of credit (standard tier) and the key under test.</summary>
    public static AdmissionSpec Standard(KeyLimits? limits = null, PlanTerms? plan = null, AdmissionPolicy? policy = null) =>
        new AdmissionSpec(policy).Given(T0.AddDays(-1), InrOrg(plan), new SignupCreditClaimed(OrgId, 1_000m, Currencies.Inr), Key(limits));

    /// <summary>An org that has neither paid nor claimed credit, and the key under test.</summary>
    public static AdmissionSpec Trial(KeyLimits? limits = null, AdmissionPolicy? policy = null) =>
        new AdmissionSpec(policy).Given(T0.AddDays(-1), InrOrg(), Key(limits, tier: OrgTier.Trial));

    /// <summary>Events of the org and of the key under test, all occurring at <paramref name="at"/>.</summary>
    public AdmissionSpec Given(DateTimeOffset at, params object[] events)
    {
        foreach (var e in events)
        {
            org = AdmissionEvolve.Org(org, e, at);
            key = AdmissionEvolve.Key(key, Org, e, at, Policy);
        }
        return this;
    }

    /// <summary>Events of the org's other keys: they reach the org row only.</summary>
    public AdmissionSpec GivenOtherKey(DateTimeOffset at, params object[] events)
    {
        foreach (var e in events) org = AdmissionEvolve.Org(org, e, at);
        return this;
    }

    public AdmissionSpec GivenAdmitted(DateTimeOffset at, int count = 1, decimal reserved = 0m)
    {
        for (var i = 0; i < count; i++) Given(at, Admitted(reserved));
        return this;
    }

    public AdmissionSpec GivenAdmittedEverySecond(DateTimeOffset from, int count)
    {
        for (var i = 0; i < count; i++) Given(from.AddSeconds(i), Admitted(0m));
        return this;
    }

    public RequestAdmitted Admitted(decimal reserved, Guid? keyId = null) =>
        new(new Guid(++requests, 0, 0, new byte[8]), keyId ?? KeyId, OrgId, Model, Org.Tier, false,
            PromptTokens, ModelMaxOutput, reserved, Org.Currency);

    public AdmissionDecision When(DateTimeOffset now, int? maxTokens = null, bool modelServed = true) =>
        AdmissionDecider.Decide(
            new AdmitRequest(RequestId, Model, false, PromptTokens, maxTokens, modelServed ? Price : null, ModelMaxOutput, now),
            Key, Org, Policy);

    /// <summary>The live loop: decide, and fold the admission into the rows when admitted.</summary>
    public AdmissionDecision Admit(DateTimeOffset now, int? maxTokens = null)
    {
        var decision = When(now, maxTokens);
        if (decision.Admitted) Given(now, decision.Event);
        return decision;
    }

    public static RequestCompleted Completed(RequestAdmitted admitted, DateTimeOffset admittedAt, decimal charged) =>
        new(admitted.RequestId, admitted.KeyId, admitted.OrgId, admitted.Model, admittedAt, "scaleway", "eu", 200, null,
            PromptTokens, 100, 250.0, Price.InputPerMillion, Price.OutputPerMillion, Price.Currency, 1m, 0m,
            charged, charged, admitted.Currency, admitted.Reserved, true, []);
}

internal static class AdmissionDecisionAssertions
{
    public static RequestRejected ShouldBeRefused(this AdmissionDecision decision, string code, int status)
    {
        var rejected = decision.Event.ShouldBeOfType<RequestRejected>();
        rejected.Code.ShouldBe(code);
        rejected.Status.ShouldBe(status);
        rejected.KeyId.ShouldBe(KeyId);
        rejected.OrgId.ShouldBe(OrgId);
        decision.Admitted.ShouldBeFalse();
        return rejected;
    }

    public static RequestAdmitted ShouldBeAdmitted(this AdmissionDecision decision)
    {
        decision.Admitted.ShouldBeTrue($"refused: {(decision.Event as RequestRejected)?.Code}");
        decision.RetryAfterSeconds.ShouldBeNull();
        return decision.Event.ShouldBeOfType<RequestAdmitted>();
    }
}
