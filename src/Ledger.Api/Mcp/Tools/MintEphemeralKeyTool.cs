using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Ledger.Api.Http;
using Ledger.Api.Keys;
using Ledger.Domain.Keys;

namespace Ledger.Api.Mcp.Tools;

public sealed record MintEphemeralKeyInput(
    [property: Description("A name for the key, shown in key lists and the activity feed (e.g. the sub-agent's task).")]
    [property: MinLength(1), MaxLength(100)] string Name,
    [property: Description("Hours until the key expires on its own, 1 to 168 (one week).")]
    [property: Range(1, 168)] int TtlHours,
    [property: Description("Requests the key may make per day, at most 1000; defaults to 1000.")]
    [property: Range(1, KeyDecider.EphemeralDailyCap)] int? DailyLimit = null);

/// <summary>The same rules as POST /me/keys/ephemeral, so both doors mint the same keys.</summary>
public sealed class MintEphemeralKeyInputValidator : AbstractValidator<MintEphemeralKeyInput>
{
    public MintEphemeralKeyInputValidator() =>
        RuleFor(i => new EphemeralKeyRequest(i.Name, i.TtlHours, i.DailyLimit)).SetValidator(new EphemeralKeyValidator());
}

public sealed class MintEphemeralKeyTool(McpSessionKey session, McpKeyGuard guard, IValidator<MintEphemeralKeyInput> validator,
    KeyMinting minting, TimeProvider clock) : LedgerTool<MintEphemeralKeyInput>(session, guard, validator)
{
    protected override string Name => "mint_ephemeral_key";
    protected override bool ReadOnly => false;
    protected override string Description =>
        "Mint a short-lived, inference-only API key to hand to a sub-agent or untrusted code instead of your own key. " +
        "It can call /v1 (chat completions, models) only, expires after ttl_hours and makes at most daily_limit requests a day. " +
        "The secret in 'key' is shown once; pass it as 'Authorization: Bearer <key>'.";

    protected override async Task<(object Result, string Summary)> RunAsync(Caller caller, MintEphemeralKeyInput input, CancellationToken ct)
    {
        var key = await MintEphemeralKeyEndpoint.MintAsync(minting, caller, input.Name.Trim(), input.TtlHours, input.DailyLimit, clock, ct);
        return (key, $"minted ephemeral key {key.Id} '{key.Name}' for {input.TtlHours} h, {key.DailyLimit} requests/day");
    }
}
