using Ledger.Gateway.Providers.OpenAi;
using Ledger.Gateway.Providers.Simulated;

namespace Ledger.Gateway.Tests.Support;

internal static class Routes
{
    public const string Model = "mistral-lg";

    public static readonly string[] Eu = ["eu"];

    public const string Completion = """
        {"id":"c","object":"chat.completion","created":1,"model":"m",
         "choices":[{"index":0,"message":{"role":"assistant","content":"from upstream"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}
        """;

    public static GatewayOptions Options(int threshold = 5) => new()
    {
        Fx = new() { ["EUR"] = 1m, ["USD"] = 0.92m, ["INR"] = 0.011m },
        CircuitFailureThreshold = threshold,
        CircuitBreakSeconds = 30,
    };

    public static ProviderRouter Router(GatewayOptions options, TimeProvider time, params IChatProvider[] providers) =>
        new(providers, options, new FxRates(options), time);

    public static OpenAiProvider Upstream(string name, string baseUrl, decimal price, string region = "eu", double timeoutSeconds = 30)
    {
        var options = Chat.Provider(name, ProviderKinds.OpenAi, baseUrl, region, (Model, Chat.Price(price, price)));
        options.TimeoutSeconds = timeoutSeconds;
        return new OpenAiProvider(options, null);
    }

    public static SimulatedProvider Simulated(string name, decimal price, string currency = "EUR", string region = "eu", string model = Model) =>
        new(Chat.Provider(name, ProviderKinds.Simulated, null, region, (model, Chat.Price(price, price, currency))), TimeProvider.System);

    public static string[] Outcomes(IEnumerable<Attempt> attempts) => [.. attempts.Select(a => $"{a.Provider}:{a.Outcome}")];
}
