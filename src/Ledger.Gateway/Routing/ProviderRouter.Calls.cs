using Ledger.Gateway.Routing;
using Polly.CircuitBreaker;

namespace Ledger.Gateway;

public sealed partial class ProviderRouter
{
    /// <summary>
    /// Tries candidates in order; fails over on every retryable failure, a refused provider key too; a rejection
    /// of the request itself (any other 4xx but 429) goes back as is.
    /// </summary>
    public async Task<RoutedCompletion> CompleteAsync(ChatRequest r, IReadOnlyCollection<string> allowedRegions, CancellationToken ct)
    {
        var (completion, candidate, attempts) = await FailOverAsync(r, allowedRegions,
            (route, attemptCt) => route.Candidate.Provider.CompleteAsync(r, attemptCt), ct);
        return new RoutedCompletion(completion, candidate, attempts);
    }

    /// <summary>
    /// Fails over only before the first byte could reach the client: until the upstream accepted the call and its
    /// first chunk was read. The returned stream replays that chunk first.
    /// </summary>
    public async Task<RoutedStream> OpenStreamAsync(ChatRequest r, IReadOnlyCollection<string> allowedRegions, CancellationToken ct)
    {
        var (stream, candidate, attempts) = await FailOverAsync(r, allowedRegions,
            (route, attemptCt) => PeekedStream.OpenAsync(route.Candidate.Provider, r, route.Health, attemptCt, ct), ct);
        return new RoutedStream(stream, candidate, attempts);
    }

    private async Task<(T Result, RouteCandidate Candidate, List<Attempt> Attempts)> FailOverAsync<T>(
        ChatRequest r, IReadOnlyCollection<string> allowedRegions, Func<Route, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var routes = Ordered(r.Model, allowedRegions);
        var attempts = new List<Attempt>(routes.Length);
        foreach (var route in routes)
        {
            if (!route.Health.IsHealthy)
            {
                attempts.Add(CircuitOpen(route));
                continue;
            }
            var started = _time.GetTimestamp();
            // the span of this try only: it ends where the attempt's latency does (a stream's first chunk)
            using var span = _tracing.StartProviderCall(route.Name, r.Model);
            try
            {
                var result = await route.Health.ExecuteAsync(attemptCt => call(route, attemptCt), ct);
                attempts.Add(Answered(route, started));
                return (result, route.Candidate, attempts);
            }
            catch (ProviderException e)
            {
                GatewayTracing.Failed(span, Attempt.OutcomeOf(e.Failure));
                if (!Failed(route, e, started, attempts))
                    throw;
            }
            catch (BrokenCircuitException)
            {
                // another request's probe got there first
                GatewayTracing.Failed(span, "circuit_open");
                attempts.Add(CircuitOpen(route));
            }
            catch (Exception e)
            {
                GatewayTracing.Failed(span, e.GetType().FullName!);
                throw;
            }
        }
        throw new NoProviderAvailableException(r.Model, attempts, allowedRegions);
    }

    private static Attempt CircuitOpen(Route route) => new(route.Name, route.Region, "circuit_open", null, 0);

    private Attempt Answered(Route route, long started)
    {
        var ms = ElapsedMs(started);
        route.Health.Answered(ms);
        return new Attempt(route.Name, route.Region, "ok", 200, ms);
    }

    /// <summary>Records the failure; true to fail over, false when it must go back to the client (attempts attached).</summary>
    private bool Failed(Route route, ProviderException e, long started, List<Attempt> attempts)
    {
        var ms = ElapsedMs(started);
        if (e.Retryable)
            route.Health.Failed(ms);
        else
            route.Health.Answered(ms);
        attempts.Add(new Attempt(route.Name, route.Region, Attempt.OutcomeOf(e.Failure), e.UpstreamStatus, ms));
        if (e.Retryable)
            return true;
        e.Attempts = attempts;
        return false;
    }
}
