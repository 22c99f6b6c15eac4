namespace Ledger.Gateway;

/// <summary>Price of one model at one provider, per million tokens, in the provider's currency.</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion, string Currency, int MaxOutputTokens)
{
    /// <summary>Cost of a call in this price's currency.</summary>
    public decimal Cost(TokenUsage usage) =>
        (usage.PromptTokens * InputPerMillion + usage.CompletionTokens * OutputPerMillion) / 1_000_000m;
}

/// <summary>One upstream as configured under Ledger:Gateway:Providers.</summary>
public sealed class ProviderOptions
{
    public string Name { get; set; } = "";

    /// <summary>"simulated", "openai" (any OpenAI-compatible server) or "anthropic".</summary>
    public string Kind { get; set; } = ProviderKinds.Simulated;

    public string? BaseUrl { get; set; }

    /// <summary>Name of the environment variable holding the upstream key; null for a keyless upstream (local vLLM).</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>"eu", "in" or "us": where prompts are processed. Routing never leaves an org's allowed regions.</summary>
    public string Region { get; set; } = "eu";

    public double TimeoutSeconds { get; set; } = 30;

    public Dictionary<string, ModelPrice> Models { get; set; } = [];

    /// <summary>Our model name to the provider's, e.g. "mistral-lg" to "mistral-large-latest".</summary>
    public Dictionary<string, string>? UpstreamModelNames { get; set; }

    public int SimulatedLatencyMs { get; set; }

    public string UpstreamModel(string model) =>
        UpstreamModelNames is not null && UpstreamModelNames.TryGetValue(model, out var mapped) ? mapped : model;
}

/// <summary>Bound from configuration section "Ledger:Gateway".</summary>
public sealed class GatewayOptions
{
    public const string Section = "Ledger:Gateway";

    public List<ProviderOptions> Providers { get; set; } = [];

    /// <summary>Currency to the value of one unit in EUR (EUR 1, USD 0.92, INR 0.011). EUR is implied.</summary>
    public Dictionary<string, decimal> Fx { get; set; } = [];

    /// <summary>Calls, all failed, within one break's length that open a provider's circuit; at least 2 (Polly's minimum throughput).</summary>
    public int CircuitFailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit stays open before a probe, and the window the threshold is counted in.</summary>
    public double CircuitBreakSeconds { get; set; } = 30;
}

public static class ProviderKinds
{
    public const string Simulated = "simulated";
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";
}
