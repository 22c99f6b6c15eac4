using System.Text.Json.Serialization;
using FluentValidation;
using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Ledger.Domain;
using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Npgsql;

namespace Ledger.Api.Keys;

public sealed record MintKeyRequest(
    string? Name, decimal? Budget, decimal? BudgetEur, decimal? BudgetInr, string? BudgetPeriod,
    int? RpmLimit, int? DailyLimit, int? ExpiresDays, string? Scope);

public sealed record MintKeyResponse(
    Guid Id, string Key, string Prefix, string Name, string Tier, string Scope, decimal? Budget, string BudgetPeriod,
    string Currency, int? RpmLimit, int? DailyLimit, int? ExpiresDays, DateTimeOffset? ExpiresAt, string Warning)
{
    /// <summary>The budget again as budget_eur / budget_inr, the org's currency, as the seed's answer names it.</summary>
    [JsonExtensionData, Http.NumberFields("budget_eur", "budget_inr")]
    public Dictionary<string, object?> BudgetInCurrency { get; init; } = [];
}

public sealed class MintKeyValidator : AbstractValidator<MintKeyRequest>
{
    public MintKeyValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(KeyRequests.MaxNameLength).OverridePropertyName("name").WithName("name");
        RuleFor(r => r.Budget).GreaterThan(0).OverridePropertyName("budget").WithName("budget");
        RuleFor(r => r.BudgetEur).GreaterThan(0).OverridePropertyName("budget_eur").WithName("budget_eur");
        RuleFor(r => r.BudgetInr).GreaterThan(0).OverridePropertyName("budget_inr").WithName("budget_inr");
        RuleFor(r => r).Must(r => new[] { r.Budget, r.BudgetEur, r.BudgetInr }.Count(b => b is not null) <= 1)
            .OverridePropertyName("budget").WithName("budget").WithMessage(KeyRequests.BudgetOnce);
        RuleFor(r => r.BudgetPeriod).Must(KeyRequests.IsPeriod).OverridePropertyName("budget_period").WithName("budget_period")
            .WithMessage("'budget_period' must be day, week or month.");
        RuleFor(r => r.RpmLimit).GreaterThan(0).LessThanOrEqualTo(KeyRequests.MaxRpmLimit).OverridePropertyName("rpm_limit").WithName("rpm_limit");
        RuleFor(r => r.DailyLimit).GreaterThan(0).LessThanOrEqualTo(KeyRequests.MaxDailyLimit).OverridePropertyName("daily_limit").WithName("daily_limit");
        RuleFor(r => r.ExpiresDays).InclusiveBetween(1, 3650).OverridePropertyName("expires_days").WithName("expires_days");
        RuleFor(r => r.Scope).Must(s => s is null or "full" or "inference").OverridePropertyName("scope").WithName("scope")
            .WithMessage("'scope' must be full or inference.");
    }
}

public static class KeyRequests
{
    // the limits a key's fields take, for mint (FluentValidation) and PATCH (KeyPatch) alike
    public const int MaxNameLength = 100;
    public const int MaxRpmLimit = 1_000_000;
    public const int MaxDailyLimit = 100_000_000;
    public static readonly string[] BudgetFields = ["budget", "budget_eur", "budget_inr"];
    public const string BudgetOnce = "Give the budget once: 'budget', 'budget_eur' or 'budget_inr'.";

    /// <summary>budget_eur or budget_inr: the seed's name for a budget in this currency.</summary>
    public static string BudgetField(string currency) => "budget_" + currency.ToLowerInvariant();

    /// <summary>
    /// The budget under its currency's name, for answers: always the org's currency (the only one a
    /// request may name), so an answer carries the field a seed-style request sent, and a GET the same.
    /// </summary>
    public static Dictionary<string, object?> InCurrency(string currency, decimal? budget) => new() { [BudgetField(currency)] = budget };

    public static bool IsPeriod(string? p) => p is null or "day" or "week" or "month";

    public static BudgetPeriod Period(string? p) => p switch { "day" => BudgetPeriod.Day, "week" => BudgetPeriod.Week, _ => BudgetPeriod.Month };

    /// <summary>The seed's budget_inr / budget_eur are accepted only where they name the org's currency.</summary>
    public static decimal? Budget(decimal? budget, decimal? eur, decimal? inr, string orgCurrency)
    {
        EnsureCurrency(eur is not null, inr is not null, orgCurrency);
        return budget ?? eur ?? inr;
    }

    /// <summary>A budget field that names a currency (even to clear the budget) must name the org's.</summary>
    public static void EnsureCurrency(bool namesEur, bool namesInr, string orgCurrency)
    {
        if (namesEur && orgCurrency != Currencies.Eur || namesInr && orgCurrency != Currencies.Inr)
            throw new DomainException(RuleKind.Invalid, "currency_mismatch",
                $"This org is billed in {orgCurrency}: give the budget as 'budget' or 'budget_{orgCurrency.ToLowerInvariant()}'.");
    }
}

public static class MintKeyEndpoint
{
    public static RouteGroupBuilder MapMintKey(this RouteGroupBuilder keys)
    {
        keys.MapPost("/", async (MintKeyRequest body, Caller caller, KeyMinting minting, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        {
            var org = await OrgRows.LoadAsync(db, caller.OrgId, ct) ?? throw new InvalidOperationException("Caller's org row is missing.");
            var budget = KeyRequests.Budget(body.Budget, body.BudgetEur, body.BudgetInr, org.Currency);
            var limits = new KeyLimits(body.RpmLimit, body.DailyLimit, budget, KeyRequests.Period(body.BudgetPeriod));
            var expiresAt = body.ExpiresDays is int days ? clock.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
            var scope = body.Scope == "inference" ? KeyScope.Inference : KeyScope.Full;
            var minted = await minting.MintAsync(caller.OrgId, new MintSpec(body.Name!.Trim(), scope, false, limits, expiresAt), caller.Actor, ct);
            var k = minted.Key;
            return TypedResults.Created($"/me/keys/{k.KeyId}", new MintKeyResponse(k.KeyId, minted.Plain, k.Prefix, k.Name,
                k.Tier.ToString().ToLowerInvariant(), scope.ToString().ToLowerInvariant(), budget, limits.BudgetPeriod.ToString().ToLowerInvariant(),
                org.Currency, limits.RpmLimit, limits.DailyLimit, body.ExpiresDays, expiresAt,
                "This is the only time the full key is shown. Store it now: only its hash is kept.")
            { BudgetInCurrency = KeyRequests.InCurrency(org.Currency, budget) });
        }).Validate<MintKeyRequest>().Produces<MintKeyResponse>(StatusCodes.Status201Created).WithErrors(400, 409);
        return keys;
    }
}
