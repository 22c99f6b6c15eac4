using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Ledger.Api.Ops;

/// <summary>
/// Counters and histograms for /metrics in Prometheus text format. Lock-free on the request path:
/// counters are Interlocked, histogram buckets fixed.
/// </summary>
public sealed class GatewayMetrics
{
    private static readonly double[] BucketsMs = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
    private readonly ConcurrentDictionary<(int Status, string Code), long[]> _requests = new();
    private readonly ConcurrentDictionary<string, long[]> _upstreamStreamFailures = new();
    private readonly Histogram _admission = new();
    private readonly ConcurrentDictionary<string, Histogram> _upstream = new();

    public void ObserveAdmission(TimeSpan elapsed) => _admission.Observe(elapsed.TotalMilliseconds);

    public void CountRefusal(string code, int status) => Interlocked.Increment(ref _requests.GetOrAdd((status, code), _ => new long[1])[0]);

    public void CountCompletion(int status, string? provider, double latencyMs)
    {
        Interlocked.Increment(ref _requests.GetOrAdd((status, status == 200 ? "ok" : "upstream"), _ => new long[1])[0]);
        if (provider is not null) _upstream.GetOrAdd(provider, _ => new Histogram()).Observe(latencyMs);
    }

    public void CountUpstreamStreamFailure(string provider) => Interlocked.Increment(ref _upstreamStreamFailures.GetOrAdd(provider, _ => new long[1])[0]);

    public void Write(StringBuilder o)
    {
        o.AppendLine("# HELP ledger_requests_total Inference requests by HTTP status and code.");
        o.AppendLine("# TYPE ledger_requests_total counter");
        foreach (var ((status, code), n) in _requests.OrderBy(p => p.Key.Status))
            o.AppendLine(CultureInfo.InvariantCulture, $"ledger_requests_total{{status=\"{status}\",code=\"{code}\"}} {Volatile.Read(ref n[0])}");
        _admission.Write(o, "ledger_admission_duration_ms", "Time to admit or refuse a request, including its ledger write.", "");
        foreach (var (provider, h) in _upstream)
            h.Write(o, "ledger_upstream_duration_ms", "Upstream time per provider.", $"provider=\"{provider}\"");
        o.AppendLine("# TYPE ledger_upstream_stream_failures_total counter");
        foreach (var (provider, n) in _upstreamStreamFailures)
            o.AppendLine(CultureInfo.InvariantCulture, $"ledger_upstream_stream_failures_total{{provider=\"{provider}\"}} {Volatile.Read(ref n[0])}");
    }

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[BucketsMs.Length + 1];
        private long _sumMicros;

        public void Observe(double ms)
        {
            var i = 0;
            while (i < BucketsMs.Length && ms > BucketsMs[i]) i++;   // the last slot is +Inf
            Interlocked.Increment(ref _counts[i]);
            Interlocked.Add(ref _sumMicros, (long)(ms * 1000));
        }

        public void Write(StringBuilder o, string name, string help, string labels)
        {
            o.AppendLine(CultureInfo.InvariantCulture, $"# HELP {name} {help}");
            o.AppendLine(CultureInfo.InvariantCulture, $"# TYPE {name} histogram");
            var sep = labels.Length > 0 ? "," : "";
            long cumulative = 0;
            for (var i = 0; i < BucketsMs.Length; i++)
            {
                cumulative += Volatile.Read(ref _counts[i]);
                o.AppendLine(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{sep}le=\"{BucketsMs[i]}\"}} {cumulative}");
            }
            cumulative += Volatile.Read(ref _counts[^1]);
            o.AppendLine(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {cumulative}");
            o.AppendLine(CultureInfo.InvariantCulture, $"{name}_sum{{{labels}}} {Volatile.Read(ref _sumMicros) / 1000.0}");
            o.AppendLine(CultureInfo.InvariantCulture, $"{name}_count{{{labels}}} {cumulative}");
        }
    }
}
