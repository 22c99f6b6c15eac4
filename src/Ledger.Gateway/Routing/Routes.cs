namespace Ledger.Gateway;

/// <summary>One try at one provider, as recorded on the request's event.</summary>
/// <param name="Outcome">"ok", "rate_limited", "server_error", "auth_failed", "timeout", "connection", "circuit_open" or "rejected".</param>
/// <param name="LatencyMs">Until the whole answer (completion) or the first chunk (stream); 0 when not tried.</param>
public sealed record Attempt(string Provider, string Region, string Outcome, int? Status, double LatencyMs)
{
    public static string OutcomeOf(ProviderFailure failure) => failure switch
    {
        ProviderFailure.Connection => "connection",
        ProviderFailure.Timeout => "timeout",
        ProviderFailure.RateLimited => "rate_limited",
        ProviderFailure.ServerError => "server_error",
        ProviderFailure.AuthFailed => "auth_failed",
        ProviderFailure.Rejected => "rejected",
        ProviderFailure.CircuitOpen => "circuit_open",
        _ => failure.ToString(),
    };
}

public sealed record RouteCandidate(IChatProvider Provider, ModelPrice Price);

public sealed record RoutedCompletion(ChatCompletion Completion, RouteCandidate Route, IReadOnlyList<Attempt> Attempts);

public sealed record RoutedStream(IChatStream Stream, RouteCandidate Route, IReadOnlyList<Attempt> Attempts);

/// <summary>A provider's health for /metrics. <paramref name="State"/> is "closed", "open" or "half_open".</summary>
public sealed record ProviderHealthSnapshot(
    string Name, string Region, string State, double EwmaLatencyMs, double ErrorRate, long Requests, long Failures);

/// <summary>Nothing could serve the request: no provider offers the model in the allowed regions, or all of them failed.</summary>
public sealed class NoProviderAvailableException(string model, IReadOnlyList<Attempt> attempts, IReadOnlyCollection<string>? regions = null)
    : Exception(Describe(model, attempts, regions))
{
    public string Model { get; } = model;
    public IReadOnlyList<Attempt> Attempts { get; } = attempts;

    /// <summary>Every provider tried said 429 (or had its circuit open after doing so): the client may retry later.</summary>
    public bool AllRateLimited => Attempts.Count > 0 && Attempts.All(a => a.Outcome is "rate_limited");

    private static string Describe(string model, IReadOnlyList<Attempt> attempts, IReadOnlyCollection<string>? regions)
    {
        var where = regions is null ? "" : $" in regions [{string.Join(", ", regions)}]";
        if (attempts.Count == 0)
            return $"No provider serves model '{model}'{where}.";
        var tried = attempts.Select(a => $"{a.Provider} ({a.Region}): {a.Outcome}{(a.Status is { } s ? " " + s : "")}");
        return $"All providers for model '{model}'{where} failed: {string.Join("; ", tried)}.";
    }
}
