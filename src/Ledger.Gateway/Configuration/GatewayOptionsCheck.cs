using Microsoft.Extensions.Options;

namespace Ledger.Gateway;

/// <summary>Configuration mistakes found at startup, each naming the setting to fix.</summary>
internal static class GatewayOptionsCheck
{
    private static readonly string[] Regions = ["eu", "in", "us"];
    private static readonly string[] Kinds = [ProviderKinds.Simulated, ProviderKinds.OpenAi, ProviderKinds.Anthropic];

    public static List<string> Errors(GatewayOptions o, Func<string, string?> env)
    {
        var errors = new List<string>();
        var fx = new FxRates(o);
        foreach (var duplicate in o.Providers.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"Provider name '{duplicate.Key}' is used twice.");
        foreach (var p in o.Providers)
        {
            var at = $"Provider '{p.Name}':";
            if (string.IsNullOrWhiteSpace(p.Name))
                errors.Add("A provider has no Name.");
            if (!Kinds.Contains(p.Kind, StringComparer.OrdinalIgnoreCase))
                errors.Add($"{at} Kind '{p.Kind}' is not one of {string.Join(", ", Kinds)}.");
            if (!Regions.Contains(p.Region, StringComparer.OrdinalIgnoreCase))
                errors.Add($"{at} Region '{p.Region}' is not one of {string.Join(", ", Regions)}.");
            if (p.TimeoutSeconds <= 0)
                errors.Add($"{at} TimeoutSeconds must be positive.");
            if (!string.Equals(p.Kind, ProviderKinds.Simulated, StringComparison.OrdinalIgnoreCase))
            {
                if (!Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out _))
                    errors.Add($"{at} BaseUrl '{p.BaseUrl}' is not an absolute URL.");
                if (p.ApiKeyEnv is { } name && string.IsNullOrEmpty(env(name)))
                    errors.Add($"{at} its API key is read from environment variable {name}, which is not set.");
            }
            if (p.Models.Count == 0)
                errors.Add($"{at} no Models are priced.");
            foreach (var (model, price) in p.Models)
            {
                if (!fx.Knows(price.Currency))
                    errors.Add($"{at} model '{model}' is priced in {price.Currency}, which has no rate in Ledger:Gateway:Fx.");
                if (price.MaxOutputTokens <= 0 || price.InputPerMillion < 0 || price.OutputPerMillion < 0)
                    errors.Add($"{at} model '{model}' needs non-negative prices and a positive MaxOutputTokens.");
            }
        }
        // Polly's breaker refuses a break or sampling window under half a second
        if (o.CircuitBreakSeconds < 0.5)
            errors.Add("CircuitBreakSeconds must be at least 0.5.");
        return errors;
    }
}

/// <summary>Runs the same checks through the options pipeline, so ValidateOnStart stops a misconfigured host.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        try
        {
            var errors = GatewayOptionsCheck.Errors(options, Environment.GetEnvironmentVariable);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
