using Ledger.Domain.Pricing;

namespace Ledger.Domain.Tests.Pricing;

public sealed class PricerTests
{
    private static readonly UnitPrices Gpt = new(InputPerMillion: 2.50m, OutputPerMillion: 10.00m, Currency: "USD");

    [Fact]
    public void the_provider_cost_is_exact() =>
        // (1830 × 2.50 + 942 × 10.00) / 1,000,000
        Pricer.ProviderCost(1_830, 942, Gpt).ShouldBe(0.013995m);

    [Fact]
    public void a_million_tokens_cost_the_unit_price() =>
        Pricer.ProviderCost(1_000_000, 1_000_000, Gpt).ShouldBe(12.50m);

    [Fact]
    public void the_charge_is_cost_times_fx_plus_markup_rounded_to_six_places()
    {
        // 0.013995 × 0.92 × 1.15 = 0.01480671
        var charge = Pricer.Price(1_830, 942, Gpt, fxRate: 0.92m, markupPercent: 15m, billable: true);

        charge.ShouldBe(new Charge(ProviderCost: 0.013995m, Charged: 0.014807m));
    }

    [Fact]
    public void a_midpoint_charge_rounds_away_from_zero() =>
        // 0.0000005 exactly: banker's rounding would give 0
        Pricer.Price(1, 0, new UnitPrices(0.5m, 0m, "EUR"), 1m, 0m, billable: true).Charged.ShouldBe(0.000001m);

    [Fact]
    public void the_charge_is_rounded_once_after_fx_and_markup() =>
        // 0.0000003 × 1.5 × 1.15 = 0.0000005175; rounding the cost or the converted cost first would give 0
        Pricer.Price(3, 0, new UnitPrices(0.1m, 0m, "USD"), fxRate: 1.5m, markupPercent: 15m, billable: true).Charged
            .ShouldBe(0.000001m);

    [Fact]
    public void below_half_a_millionth_the_charge_rounds_to_zero() =>
        Pricer.Price(1, 0, new UnitPrices(0.49m, 0m, "EUR"), 1m, 0m, billable: true).Charged.ShouldBe(0m);

    [Fact]
    public void a_trial_request_charges_nothing_but_keeps_its_provider_cost() =>
        Pricer.Price(1_830, 942, Gpt, fxRate: 0.92m, markupPercent: 15m, billable: false)
            .ShouldBe(new Charge(ProviderCost: 0.013995m, Charged: 0m));

    [Fact]
    public void a_charge_has_at_most_six_decimal_places()
    {
        var charged = Pricer.Price(1_234, 5_678, new UnitPrices(0.333m, 1.777m, "USD"), 83.4567m, 15m, billable: true).Charged;

        (charged * 1_000_000m).ShouldBe(Math.Truncate(charged * 1_000_000m));
    }
}
