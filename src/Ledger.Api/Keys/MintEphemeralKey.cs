using FluentValidation;
using Ledger.Api.Http;
using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;

namespace Ledger.Api.Keys;

public sealed record EphemeralKeyRequest(string? Name, int? TtlHours, int? DailyLimit);

public sealed record EphemeralKeyResponse(Guid Id, string Key, string Prefix, string Name, string Scope, int DailyLimit, DateTimeOffset ExpiresAt, string Warning);

public sealed class EphemeralKeyValidator : AbstractValidator<EphemeralKeyRequest>
{
    public EphemeralKeyValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100).OverridePropertyName("name").WithName("name");
        RuleFor(r => r.TtlHours).NotNull().InclusiveBetween(1, 168).OverridePropertyName("ttl_hours").WithName("ttl_hours");
        RuleFor(r => r.DailyLimit).InclusiveBetween(1, KeyDecider.EphemeralDailyCap).OverridePropertyName("daily_limit").WithName("daily_limit");
    }
}

/// <summary>
/// Short-lived, inference-only, daily-capped keys that an agent hands to sub-agents without
/// exposing the org's full-scope key.
/// </summary>
public static class MintEphemeralKeyEndpoint
{
    public static RouteGroupBuilder MapMintEphemeralKey(this RouteGroupBuilder keys)
    {
        keys.MapPost("/ephemeral", async (EphemeralKeyRequest body, Caller caller, KeyMinting minting, TimeProvider clock, CancellationToken ct) =>
        {
            var key = await MintAsync(minting, caller, body.Name!.Trim(), body.TtlHours!.Value, body.DailyLimit, clock, ct);
            return TypedResults.Created($"/me/keys/{key.Id}", key);
        }).Validate<EphemeralKeyRequest>().Produces<EphemeralKeyResponse>(StatusCodes.Status201Created).WithErrors(400, 409);
        return keys;
    }

    public static async Task<EphemeralKeyResponse> MintAsync(KeyMinting minting, Caller caller, string name, int ttlHours, int? dailyLimit,
        TimeProvider clock, CancellationToken ct)
    {
        var daily = dailyLimit ?? KeyDecider.EphemeralDailyCap;
        var expiresAt = clock.GetUtcNow().AddHours(ttlHours);
        var minted = await minting.MintAsync(caller.OrgId,
            new MintSpec(name, KeyScope.Inference, true, new KeyLimits(null, daily, null, BudgetPeriod.Month), expiresAt), caller.Actor, ct);
        return new EphemeralKeyResponse(minted.Key.KeyId, minted.Plain, minted.Key.Prefix, name, "inference", daily, expiresAt,
            "Shown once. This key can only call /v1 inference and expires on its own.");
    }
}
