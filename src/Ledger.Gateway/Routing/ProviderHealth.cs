using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Ledger.Gateway.Routing;

/// <summary>
/// One provider's resilience pipeline (Polly: circuit breaker over a per-attempt timeout) and the latency and error
/// rate the router ranks by. No retry stage: on a failure the router fails over to the next provider instead.
/// Time comes from the injected TimeProvider, which Polly uses too, so tests move it by hand.
/// </summary>
internal sealed class ProviderHealth
{
    // Recent calls weigh most: about the last 10 calls for latency, the last 20 for error rate.
    private const double LatencyAlpha = 0.2;
    private const double ErrorAlpha = 0.1;

    private readonly Lock _gate = new();
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly TimeSpan _breakFor;
    private readonly TimeProvider _time;
    private DateTimeOffset _openUntil;
    private double _latencyMs;
    private bool _latencyKnown;
    private double _errorRate;
    private long _requests;
    private long _failures;

    /// <param name="failureThreshold">
    /// Failed calls, with none answered among them, within one break's length that open the circuit: Polly's failure
    /// ratio 1 over a sampling window, at least 2 calls (its minimum throughput).
    /// </param>
    public ProviderHealth(ProviderOptions options, int failureThreshold, TimeSpan breakFor, TimeProvider time)
    {
        (Options, _breakFor, _time) = (options, breakFor, time);
        _pipeline = new ResiliencePipelineBuilder { Name = options.Name, TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, failureThreshold),
                SamplingDuration = breakFor,
                BreakDuration = breakFor,
                StateProvider = _circuit,
                // a rejection of the request itself (400) is the provider answering: it counts as a success
                ShouldHandle = new PredicateBuilder().Handle<ProviderException>(e => e.Retryable).Handle<TimeoutRejectedException>(),
            })
            .AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds))
            .Build();
    }

    public ProviderOptions Options { get; }

    /// <summary>
    /// Runs one attempt through the pipeline; a timeout comes out as the provider's <see cref="ProviderFailure.Timeout"/>,
    /// an open circuit as <see cref="BrokenCircuitException"/> (a probe already under way).
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(static async (call, token) => await call(token), call, ct);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ProviderException(Options.Name, ProviderFailure.Timeout, $"no answer within {Options.TimeoutSeconds:0.###} s", null, e);
        }
        finally
        {
            NoteOpening();
        }
    }

    /// <summary>For ordering and skipping: closed, or open with the break over (the next call probes). A probe under way is not.</summary>
    public bool IsHealthy => _circuit.CircuitState switch
    {
        CircuitState.Closed => true,
        CircuitState.HalfOpen => false,
        _ => _time.GetUtcNow() >= OpenUntil,
    };

    public double LatencyMs => Volatile.Read(ref _latencyMs);

    /// <summary>The provider answered (a 4xx rejection too: it is up, the request was wrong).</summary>
    public void Answered(double latencyMs) => Count(latencyMs, failed: false);

    /// <param name="latencyMs">Null when the failure came mid-stream, where the time says nothing about the provider.</param>
    public void Failed(double? latencyMs) => Count(latencyMs, failed: true);

    public ProviderHealthSnapshot Snapshot()
    {
        var state = State;
        lock (_gate)
            return new(Options.Name, Options.Region, state, Math.Round(_latencyMs, 1), Math.Round(_errorRate, 4), _requests, _failures);
    }

    /// <summary>
    /// Our names for Polly's states. Polly stays Open until a call arrives after the break; that provider would take
    /// a probe now, which is what half_open has always meant here. Polly's own HalfOpen is a probe in flight.
    /// </summary>
    private string State => _circuit.CircuitState switch
    {
        CircuitState.Closed => "closed",
        CircuitState.HalfOpen => "half_open",
        _ when _time.GetUtcNow() >= OpenUntil => "half_open",
        _ => "open",
    };

    private DateTimeOffset OpenUntil
    {
        get { lock (_gate) return _openUntil; }
    }

    // Polly's break end is not readable; an attempt that left the circuit open started it (or found it started)
    private void NoteOpening()
    {
        lock (_gate)
            if (_circuit.CircuitState is CircuitState.Open or CircuitState.Isolated && _time.GetUtcNow() >= _openUntil)
                _openUntil = _time.GetUtcNow() + _breakFor;
    }

    private void Count(double? latencyMs, bool failed)
    {
        lock (_gate)
        {
            _requests++;
            if (failed)
                _failures++;
            if (latencyMs is { } ms)
            {
                Volatile.Write(ref _latencyMs, _latencyKnown ? _latencyMs + LatencyAlpha * (ms - _latencyMs) : ms);
                _latencyKnown = true;
            }
            _errorRate += ErrorAlpha * ((failed ? 1 : 0) - _errorRate);
        }
    }
}
