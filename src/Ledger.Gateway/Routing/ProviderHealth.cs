namespace Ledger.Gateway.Routing;

/// <summary>
/// Latency, error rate and circuit breaker of one provider. The circuit opens after a run of consecutive failures,
/// lets a single probe through once the break has passed (half-open), and closes again on the probe's success.
/// Time comes from the injected TimeProvider so tests move it by hand.
/// </summary>
internal sealed class ProviderHealth(ProviderOptions options, int failureThreshold, TimeSpan breakFor, TimeProvider time)
{
    // Recent calls weigh most: about the last 10 calls for latency, the last 20 for error rate.
    private const double LatencyAlpha = 0.2;
    private const double ErrorAlpha = 0.1;

    private enum Circuit { Closed, Open, HalfOpen }

    private readonly Lock _gate = new();
    private Circuit _state;
    private int _consecutiveFailures;
    private DateTimeOffset _openedAt;
    private bool _probing;
    private double _latencyMs;
    private bool _latencyKnown;
    private double _errorRate;
    private long _requests;
    private long _failures;

    public ProviderOptions Options => options;

    /// <summary>False while the provider may not be called; claims the single probe when half-open.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_state == Circuit.Open && BreakOver())
                (_state, _probing) = (Circuit.HalfOpen, false);
            if (_state == Circuit.Closed)
                return true;
            if (_state == Circuit.Open || _probing)
                return false;
            return _probing = true;
        }
    }

    /// <summary>For ordering: a provider that would accept a call now (closed, or due for its probe) is healthy.</summary>
    public bool IsHealthy
    {
        get
        {
            lock (_gate)
                return _state == Circuit.Closed || (_state == Circuit.HalfOpen && !_probing) || (_state == Circuit.Open && BreakOver());
        }
    }

    public double LatencyMs => Volatile.Read(ref _latencyMs);

    /// <summary>The provider answered (a 4xx rejection too: it is up, the request was wrong).</summary>
    public void Answered(double latencyMs)
    {
        lock (_gate)
        {
            Count(latencyMs, failed: false);
            (_state, _consecutiveFailures, _probing) = (Circuit.Closed, 0, false);
        }
    }

    /// <param name="latencyMs">Null when the failure came mid-stream, where the time says nothing about the provider.</param>
    public void Failed(double? latencyMs)
    {
        lock (_gate)
        {
            Count(latencyMs, failed: true);
            _failures++;
            _probing = false;
            if (_state == Circuit.HalfOpen || ++_consecutiveFailures >= failureThreshold)
                (_state, _openedAt) = (Circuit.Open, time.GetUtcNow());
        }
    }

    /// <summary>The caller went away during a probe: no verdict, let the next request probe.</summary>
    public void Released()
    {
        lock (_gate)
            _probing = false;
    }

    public ProviderHealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            if (_state == Circuit.Open && BreakOver())
                (_state, _probing) = (Circuit.HalfOpen, false);
            var state = _state switch { Circuit.Closed => "closed", Circuit.Open => "open", _ => "half_open" };
            return new(options.Name, options.Region, state, Math.Round(_latencyMs, 1), Math.Round(_errorRate, 4), _requests, _failures);
        }
    }

    private bool BreakOver() => time.GetUtcNow() - _openedAt >= breakFor;

    private void Count(double? latencyMs, bool failed)
    {
        _requests++;
        if (latencyMs is { } ms)
        {
            Volatile.Write(ref _latencyMs, _latencyKnown ? _latencyMs + LatencyAlpha * (ms - _latencyMs) : ms);
            _latencyKnown = true;
        }
        _errorRate += ErrorAlpha * ((failed ? 1 : 0) - _errorRate);
    }
}
