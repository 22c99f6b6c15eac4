using Ledger.Domain.Calendar;
using Ledger.Domain.Orgs;

namespace Ledger.Domain.Keys;

public enum KeyScope { Full, Inference }

public enum KeyStatus { Active, Disabled, Revoked, Expired }

public static class KeyStatuses
{
    /// <summary>What a key shows as: revoked over expired over disabled (the dashboard's ranking).</summary>
    public static KeyStatus At(bool revoked, bool disabled, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        revoked ? KeyStatus.Revoked
        : expiresAt <= now ? KeyStatus.Expired
        : disabled ? KeyStatus.Disabled
        : KeyStatus.Active;
}

/// <summary>A key's own limits; null means none (the gateway's global caps still apply).</summary>
public sealed record KeyLimits(int? RpmLimit, int? DailyLimit, decimal? Budget, BudgetPeriod BudgetPeriod)
{
    public static readonly KeyLimits None = new(null, null, null, BudgetPeriod.Month);
}

[EventType("V1.KeyMinted")]
public sealed record KeyMinted(
    Guid KeyId, Guid OrgId, string Name, string KeyHash, string Prefix, OrgTier Tier, KeyScope Scope,
    bool Ephemeral, KeyLimits Limits, DateTimeOffset? ExpiresAt) : IKeyEvent;

/// <summary>The key's name and limits after an edit (all of them, so replay needs no earlier state).</summary>
[EventType("V1.KeyUpdated")]
public sealed record KeyUpdated(Guid KeyId, Guid OrgId, string Name, KeyLimits Limits) : IKeyEvent;

[EventType("V1.KeyDisabled")]
public sealed record KeyDisabled(Guid KeyId, Guid OrgId) : IKeyEvent;

[EventType("V1.KeyEnabled")]
public sealed record KeyEnabled(Guid KeyId, Guid OrgId) : IKeyEvent;

[EventType("V1.KeyRevoked")]
public sealed record KeyRevoked(Guid KeyId, Guid OrgId) : IKeyEvent;

/// <summary>An agent used a management tool with this key (MCP); recorded for the audit history.</summary>
[EventType("V1.KeyToolCalled")]
public sealed record KeyToolCalled(Guid KeyId, Guid OrgId, string Tool, string Summary) : IKeyEvent;
