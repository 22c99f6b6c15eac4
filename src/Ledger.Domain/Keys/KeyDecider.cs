namespace Ledger.Domain.Keys;

/// <summary>A key's business rules. Revocation is final; a command that changes nothing returns no events.</summary>
public static class KeyDecider
{
    /// <summary>The seed's cap on an ephemeral key's daily requests.</summary>
    public const int EphemeralDailyCap = 1_000;

    public static IKeyEvent[] Decide(KeyCommand command, ApiKey? state) => (command, state) switch
    {
        (KeyCommand.Mint c, null) => [c.Key],
        (KeyCommand.Mint, not null) => throw new DomainException(RuleKind.Conflict, "key_exists", "This key already exists."),
        (_, null) => throw new DomainException(RuleKind.NotFound, "key_not_found", "No such key."),

        (KeyCommand.RecordToolCall c, _) => [new KeyToolCalled(state.Id, state.OrgId, c.Tool, c.Summary)],
        (KeyCommand.Revoke, { Revoked: true }) => [],
        (_, { Revoked: true }) => throw new DomainException(RuleKind.Conflict, "key_revoked",
            "This key is revoked; revocation is permanent. Mint a new key instead."),

        (KeyCommand.Update c, { Ephemeral: true }) when c.Limits.DailyLimit is null or > EphemeralDailyCap =>
            throw new DomainException(RuleKind.Invalid, "invalid_daily_limit",
                $"An ephemeral key must keep a daily limit of at most {EphemeralDailyCap}."),
        (KeyCommand.Update c, _) when c.Name == state.Name && c.Limits == state.Limits => [],
        (KeyCommand.Update c, _) => [new KeyUpdated(state.Id, state.OrgId, c.Name, c.Limits)],

        (KeyCommand.Disable, { Disabled: true }) => [],
        (KeyCommand.Disable, _) => [new KeyDisabled(state.Id, state.OrgId)],
        (KeyCommand.Enable, { Disabled: false }) => [],
        (KeyCommand.Enable, _) => [new KeyEnabled(state.Id, state.OrgId)],
        (KeyCommand.Revoke, _) => [new KeyRevoked(state.Id, state.OrgId)],

        _ => throw new InvalidOperationException($"Unhandled key command {command.GetType().Name}."),
    };
}
