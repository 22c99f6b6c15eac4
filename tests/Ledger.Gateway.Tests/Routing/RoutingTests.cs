using Ledger.Gateway.Tests.Support;
using static Ledger.Gateway.Tests.Support.Routes;

namespace Ledger.Gateway.Tests.Routing;

public sealed class RoutingTests
{
    [Fact]
    public async Task the_cheapest_provider_wins_once_prices_are_converted_to_euros()
    {
        // Blended 3:1 in EUR: USD 1.00 * 0.92 = 0.92, EUR 1.00, INR 80 * 0.011 = 0.88.
        var router = Router(Options(), TimeProvider.System,
            Simulated("usd", 1m, "USD"), Simulated("eur", 1m, "EUR"), Simulated("inr", 80m, "INR"));

        router.Candidates(Model, Eu).Select(c => c.Provider.Options.Name).ShouldBe(["inr", "usd", "eur"]);
        var routed = await router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default);
        routed.Route.Provider.Options.Name.ShouldBe("inr");
        routed.Route.Price.Currency.ShouldBe("INR");
    }

    [Fact]
    public async Task an_eu_org_never_reaches_other_regions_even_when_every_eu_provider_fails()
    {
        await using var down = await FakeUpstream.AnsweringAsync(503, "{}");
        var router = Router(Options(), TimeProvider.System,
            Upstream("eu-a", down.BaseUrl, 5), Upstream("eu-b", down.BaseUrl, 6),
            Simulated("us-cheap", 0.1m, region: "us"), Simulated("in-cheap", 0.1m, region: "in"));

        var e = await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default));
        var s = await Should.ThrowAsync<NoProviderAvailableException>(() => router.OpenStreamAsync(Chat.Request(Model, "Hi"), Eu, default));

        Outcomes(e.Attempts).ShouldBe(["eu-a:server_error", "eu-b:server_error"]);
        Outcomes(s.Attempts).ShouldBe(["eu-a:server_error", "eu-b:server_error"]);
        e.Message.ShouldBe("All providers for model 'mistral-lg' in regions [eu] failed: eu-a (eu): server_error 503; eu-b (eu): server_error 503.");
        router.Candidates(Model, Eu).ShouldAllBe(c => c.Provider.Options.Region == "eu");
    }

    [Fact]
    public async Task a_model_nobody_serves_in_the_regions_says_so_without_attempts()
    {
        var router = Router(Options(), TimeProvider.System, Simulated("in-only", 1m, region: "in"));

        var e = await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default));

        e.Attempts.ShouldBeEmpty();
        e.Message.ShouldBe("No provider serves model 'mistral-lg' in regions [eu].");
        router.Serves(Model, Eu).ShouldBeFalse();
        router.Serves(Model, ["in"]).ShouldBeTrue();
        router.Serves("unknown", ["in"]).ShouldBeFalse();
    }

    [Fact]
    public void models_are_listed_per_allowed_regions()
    {
        var router = Router(Options(), TimeProvider.System,
            Simulated("eu-1", 1m, model: "mistral-lg"), Simulated("eu-2", 1m, model: "claude-4"),
            Simulated("in-1", 1m, region: "in", model: "gpt-5.1"), Simulated("in-2", 1m, region: "in", model: "claude-4"));

        router.Models(["eu"]).ShouldBe(["claude-4", "mistral-lg"]);
        router.Models(["in"]).ShouldBe(["claude-4", "gpt-5.1"]);
        router.Models(["eu", "in"]).ShouldBe(["claude-4", "gpt-5.1", "mistral-lg"]);
        router.Models(["us"]).ShouldBeEmpty();
    }

    [Fact]
    public void the_worst_case_price_bounds_every_candidate_in_the_asked_currency()
    {
        var options = Options();
        var router = new ProviderRouter(
        [
            WithPrice(Simulated("eu-in-heavy", 0), new ModelPrice(2m, 10m, "EUR", 4096)),
            WithPrice(Simulated("eu-out-heavy", 0), new ModelPrice(1m, 20m, "USD", 16384)),
            WithPrice(Simulated("us-dearest", 0, region: "us"), new ModelPrice(100m, 100m, "EUR", 99999)),
        ], options, new FxRates(options), TimeProvider.System);

        var worst = router.WorstCasePrice(Model, Eu, "INR").ShouldNotBeNull();

        worst.Currency.ShouldBe("INR");
        worst.InputPerMillion.ShouldBe(2m / 0.011m);
        worst.OutputPerMillion.ShouldBe(20m * (0.92m / 0.011m));
        worst.MaxOutputTokens.ShouldBe(16384);
        router.WorstCasePrice("unknown", Eu, "EUR").ShouldBeNull();
    }

    [Fact]
    public void an_unknown_currency_is_named_in_the_error()
    {
        var fx = new FxRates(Options());

        fx.Rate("USD", "EUR").ShouldBe(0.92m);
        fx.Rate("EUR", "EUR").ShouldBe(1m);
        Should.Throw<InvalidOperationException>(() => fx.Rate("GBP", "EUR")).Message.ShouldContain("'GBP'");
    }

    private static IChatProvider WithPrice(IChatProvider provider, ModelPrice price)
    {
        provider.Options.Models[Model] = price;
        return provider;
    }
}
