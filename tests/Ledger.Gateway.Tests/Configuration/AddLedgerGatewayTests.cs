using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ledger.Gateway.Tests.Configuration;

public sealed class AddLedgerGatewayTests
{
    // The shape documented for operators: simulated providers in eu and in, priced in their own currencies.
    private const string Settings = """
        {
          "Ledger": {
            "Gateway": {
              "Fx": { "EUR": 1, "USD": 0.92, "INR": 0.011 },
              "CircuitFailureThreshold": 5,
              "CircuitBreakSeconds": 30,
              "Providers": [
                { "Name": "sim-eu-cheap", "Kind": "simulated", "Region": "eu", "SimulatedLatencyMs": 0,
                  "Models": {
                    "mistral-lg": { "InputPerMillion": 2.0, "OutputPerMillion": 6.0, "Currency": "EUR", "MaxOutputTokens": 8192 },
                    "haiku-4": { "InputPerMillion": 0.8, "OutputPerMillion": 4.0, "Currency": "USD", "MaxOutputTokens": 8192 } } },
                { "Name": "sim-eu-premium", "Kind": "simulated", "Region": "eu",
                  "Models": {
                    "gpt-5.1": { "InputPerMillion": 1.25, "OutputPerMillion": 10.0, "Currency": "USD", "MaxOutputTokens": 16384 },
                    "claude-4": { "InputPerMillion": 3.0, "OutputPerMillion": 15.0, "Currency": "USD", "MaxOutputTokens": 8192 } } },
                { "Name": "sim-in", "Kind": "simulated", "Region": "in",
                  "Models": {
                    "gpt-5.1": { "InputPerMillion": 100, "OutputPerMillion": 800, "Currency": "INR", "MaxOutputTokens": 16384 },
                    "haiku-4": { "InputPerMillion": 70, "OutputPerMillion": 350, "Currency": "INR", "MaxOutputTokens": 8192 } } }
              ]
            }
          }
        }
        """;

    private static ServiceProvider Build(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return new ServiceCollection().AddLedgerGateway(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task configuration_binds_into_a_router_that_serves_each_region_its_models()
    {
        await using var services = Build(Settings);
        var router = services.GetRequiredService<ProviderRouter>();

        router.Models(["eu"]).ShouldBe(["claude-4", "gpt-5.1", "haiku-4", "mistral-lg"]);
        router.Models(["in"]).ShouldBe(["gpt-5.1", "haiku-4"]);
        router.Candidates("gpt-5.1", ["eu", "in"]).Select(c => c.Provider.Options.Name).ShouldBe(["sim-in", "sim-eu-premium"]);
        var routed = await router.CompleteAsync(Support.Chat.Request("claude-4", "Hi"), ["eu"], default);
        routed.Route.Price.ShouldBe(new ModelPrice(3.0m, 15.0m, "USD", 8192));
    }

    [Fact]
    public async Task a_missing_api_key_variable_is_named_when_the_options_are_validated()
    {
        var variable = "LEDGER_TEST_KEY_" + Guid.NewGuid().ToString("N");
        await using var services = Build($$"""
            { "Ledger": { "Gateway": { "Providers": [
              { "Name": "mistral", "Kind": "openai", "BaseUrl": "https://api.mistral.ai/v1", "ApiKeyEnv": "{{variable}}", "Region": "eu",
                "Models": { "mistral-lg": { "InputPerMillion": 2, "OutputPerMillion": 6, "Currency": "EUR", "MaxOutputTokens": 8192 } } } ] } } }
            """);

        var e = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<GatewayOptions>>().Value);

        e.Message.ShouldContain($"environment variable {variable}, which is not set");
    }

    [Fact]
    public async Task a_circuit_break_shorter_than_polly_accepts_is_named_when_the_options_are_validated()
    {
        await using var services = Build("""{ "Ledger": { "Gateway": { "CircuitBreakSeconds": 0.1 } } }""");

        var e = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<GatewayOptions>>().Value);

        e.Message.ShouldContain("CircuitBreakSeconds must be at least 0.5");
    }

    [Fact]
    public void a_provider_priced_in_a_currency_without_a_rate_is_refused()
    {
        var options = new GatewayOptions
        {
            Providers = [new ProviderOptions { Name = "x", Region = "eu", Models = new() { ["m"] = new ModelPrice(1, 1, "GBP", 10) } }],
        };

        Should.Throw<InvalidOperationException>(() => new ConfiguredProviders(options, TimeProvider.System))
            .Message.ShouldContain("priced in GBP");
    }
}
