namespace Ledger.Domain.Pricing;

/// <summary>A model's price at one provider, per million tokens, in the provider's currency.</summary>
public sealed record UnitPrices(decimal InputPerMillion, decimal OutputPerMillion, string Currency);

/// <summary>What one request cost: the provider's bill and what the org is charged for it.</summary>
public sealed record Charge(decimal ProviderCost, decimal Charged);

/// <summary>
/// Money arithmetic. The provider cost is exact (decimal). The charged amount is rounded once, here,
/// to <see cref="Decimals"/> places, away from zero; every total is a plain sum of charged amounts,
/// so an invoice equals the sum of its requests to the last digit.
/// </summary>
public static class Pricer
{
    public const int Decimals = 6;

    public static decimal ProviderCost(int tokensIn, int tokensOut, UnitPrices price) =>
        (tokensIn * price.InputPerMillion + tokensOut * price.OutputPerMillion) / 1_000_000m;

    /// <param name="fxRate">Org-currency units per provider-currency unit.</param>
    /// <param name="billable">False for trial requests: they cost the org nothing.</param>
    public static Charge Price(int tokensIn, int tokensOut, UnitPrices price, decimal fxRate, decimal markupPercent, bool billable)
    {
        var providerCost = ProviderCost(tokensIn, tokensOut, price);
        var charged = billable
            ? Math.Round(providerCost * fxRate * (1m + markupPercent / 100m), Decimals, MidpointRounding.AwayFromZero)
            : 0m;
        return new Charge(providerCost, charged);
    }
}
