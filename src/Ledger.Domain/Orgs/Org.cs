using System.Collections.Immutable;

namespace Ledger.Domain.Orgs;

public sealed record IssuedKey(Guid KeyId, bool Ephemeral, DateTimeOffset? ExpiresAt)
{
    public bool ActiveAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}

/// <summary>An org as its own stream tells it. Balances are not here: charges live in request streams.</summary>
public sealed record Org(
    Guid Id,
    string Name,
    string Currency,
    string TimeZone,
    string[] AllowedRegions,
    PlanTerms Plan,
    decimal CreditsReceived,
    bool ClaimedSignupCredit,
    ImmutableHashSet<string> PaymentReferences,
    ImmutableDictionary<Guid, IssuedKey> Keys)
{
    /// <summary>Trial until the org has paid or received credit (the seed's tier rule); payments are always positive.</summary>
    public OrgTier Tier => CreditsReceived > 0 ? OrgTier.Standard : OrgTier.Trial;

    public int ActiveKeys(DateTimeOffset now, bool ephemeral) =>
        Keys.Values.Count(k => k.Ephemeral == ephemeral && k.ActiveAt(now));

    public static Org? Evolve(Org? state, object @event) => (state, @event) switch
    {
        (null, OrgSignedUp e) => new Org(e.OrgId, e.Name, e.Currency, e.TimeZone, e.AllowedRegions, e.Plan, 0m, false,
            ImmutableHashSet<string>.Empty, ImmutableDictionary<Guid, IssuedKey>.Empty),
        (not null, SignupCreditClaimed e) => state with { CreditsReceived = state.CreditsReceived + e.Amount, ClaimedSignupCredit = true },
        (not null, PaymentRecorded e) => state with
        {
            CreditsReceived = state.CreditsReceived + e.Amount,
            PaymentReferences = state.PaymentReferences.Add(e.Reference),
        },
        (not null, PlanChanged e) => state with { Plan = e.Plan },
        (not null, KeyIssued e) => state with { Keys = state.Keys.SetItem(e.KeyId, new IssuedKey(e.KeyId, e.Ephemeral, e.ExpiresAt)) },
        (not null, KeyRetired e) => state with { Keys = state.Keys.Remove(e.KeyId) },
        _ => state,
    };

    public static Org? Fold(IEnumerable<object> events) => events.Aggregate((Org?)null, Evolve);
}
