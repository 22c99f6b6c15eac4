namespace Ledger.Domain.Keys;

/// <summary>A key as its stream tells it.</summary>
public sealed record ApiKey(
    Guid Id, Guid OrgId, string Name, KeyScope Scope, bool Ephemeral, KeyLimits Limits,
    DateTimeOffset? ExpiresAt, bool Disabled, bool Revoked)
{
    public KeyStatus StatusAt(DateTimeOffset now) => KeyStatuses.At(Revoked, Disabled, ExpiresAt, now);

    public static ApiKey? Evolve(ApiKey? state, object @event) => (state, @event) switch
    {
        (null, KeyMinted e) => new ApiKey(e.KeyId, e.OrgId, e.Name, e.Scope, e.Ephemeral, e.Limits, e.ExpiresAt, false, false),
        (not null, KeyUpdated e) => state with { Name = e.Name, Limits = e.Limits },
        (not null, KeyDisabled) => state with { Disabled = true },
        (not null, KeyEnabled) => state with { Disabled = false },
        (not null, KeyRevoked) => state with { Revoked = true },
        _ => state,
    };

    public static ApiKey? Fold(IEnumerable<object> events) => events.Aggregate((ApiKey?)null, Evolve);
}
