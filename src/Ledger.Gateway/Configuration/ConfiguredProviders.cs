using Ledger.Gateway.Providers.Anthropic;
using Ledger.Gateway.Providers.OpenAi;
using Ledger.Gateway.Providers.Simulated;

namespace Ledger.Gateway;

/// <summary>The providers named in configuration, built once; owns their HTTP connection pools.</summary>
public sealed class ConfiguredProviders : IDisposable
{
    /// <param name="traced">Whether the node traces: then a real upstream's HTTP calls are spans too.</param>
    public ConfiguredProviders(GatewayOptions o, TimeProvider time, Func<string, string?>? environment = null, bool traced = false)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var errors = GatewayOptionsCheck.Errors(o, env);
        if (errors.Count > 0)
            throw new InvalidOperationException("Invalid Ledger:Gateway configuration: " + string.Join(" ", errors));
        All = [.. o.Providers.Select(p => Create(p, time, env, traced))];
    }

    public IReadOnlyList<IChatProvider> All { get; }

    private static IChatProvider Create(ProviderOptions p, TimeProvider time, Func<string, string?> env, bool traced)
    {
        var key = p.ApiKeyEnv is { } name ? env(name) : null;
        return p.Kind.ToLowerInvariant() switch
        {
            ProviderKinds.OpenAi => new OpenAiProvider(p, key, traced),
            ProviderKinds.Anthropic => new AnthropicProvider(p, key, time, traced),
            _ => new SimulatedProvider(p, time),
        };
    }

    public void Dispose()
    {
        foreach (var provider in All.OfType<IDisposable>())
            provider.Dispose();
    }
}
