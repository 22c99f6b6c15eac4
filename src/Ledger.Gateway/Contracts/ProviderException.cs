namespace Ledger.Gateway;

public enum ProviderFailure
{
    Connection,
    Timeout,
    RateLimited,
    ServerError,

    /// <summary>401 or 403: the provider refused our key. Our fault, not the client's, so another provider may serve.</summary>
    AuthFailed,

    /// <summary>4xx other than 401, 403 and 429: the request itself is wrong, so another provider would refuse it too.</summary>
    Rejected,
    CircuitOpen,
}

public sealed class ProviderException(
    string provider, ProviderFailure failure, string message, int? upstreamStatus = null, Exception? inner = null)
    : Exception($"{provider}: {message}", inner)
{
    public ProviderFailure Failure { get; } = failure;
    public int? UpstreamStatus { get; } = upstreamStatus;
    public string Provider { get; } = provider;

    /// <summary>The upstream's own words (its error.message), without our provider prefix, for the client.</summary>
    public string UpstreamMessage { get; } = message;

    public bool Retryable => Failure is not ProviderFailure.Rejected;

    /// <summary>Set by the router when it gives up on this failure, so the caller can still record every attempt.</summary>
    public IReadOnlyList<Attempt> Attempts { get; internal set; } = [];
}
