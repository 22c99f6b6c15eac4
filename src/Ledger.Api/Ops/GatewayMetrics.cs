using System.Collections.Concurrent;
using System.Globalization;
using Prometheus;

namespace Ledger.Api.Ops;

/// <summary>
/// The request path's metrics, in a prometheus-net registry of this node's own (several nodes share a
/// process in the tests, and the library's static registry would mix them). prometheus-net writes the
/// exposition (one HELP/TYPE per family, escaped label values); here the labelled children are cached
/// so a request costs a dictionary lookup and an interlocked add, no label array and no number formatting.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>0.5 ms to 10 s: admission is sub-millisecond when all is well, providers take up to seconds.</summary>
    private static readonly double[] BucketsSeconds = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter _requests;
    private readonly Histogram _upstream;
    private readonly Counter _streamFailures;
    private readonly Counter _unknownKeys;
    private readonly Histogram _admission;
    private readonly ConcurrentDictionary<(int Status, string Code), Counter.Child> _requestsBy = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> _upstreamBy = new();
    private readonly ConcurrentDictionary<string, Counter.Child> _streamFailuresBy = new();

    public GatewayMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("ledger_requests_total", "Inference requests by HTTP status and code.", "status", "code");
        _admission = factory.CreateHistogram("ledger_admission_duration_seconds",
            "Time to admit or refuse a request, including its ledger write.", new HistogramConfiguration { Buckets = BucketsSeconds });
        _upstream = factory.CreateHistogram("ledger_upstream_duration_seconds", "Upstream time per provider, until the whole answer or the first chunk.",
            new HistogramConfiguration { Buckets = BucketsSeconds, LabelNames = ["provider"] });
        _streamFailures = factory.CreateCounter("ledger_upstream_stream_failures_total",
            "Streams that broke after their first chunk, per provider.", "provider");
        _unknownKeys = factory.CreateCounter("ledger_unknown_keys_total",
            "Inference requests refused before the ledger because their key matches no key.");
        ProcessMetrics.Register(Registry);
    }

    /// <summary>What /metrics exposes: these, the process's, and the ledger gauges <see cref="LedgerGauges"/> adds.</summary>
    public CollectorRegistry Registry { get; }

    public void ObserveAdmission(TimeSpan elapsed) => _admission.Observe(elapsed.TotalSeconds);

    public void CountRefusal(string code, int status) => Requests(status, code).Inc();

    public void CountUnknownKey() => _unknownKeys.Inc();

    /// <summary>Exposes the request writer's count of batches that took the locked path, read at each scrape.</summary>
    public void WatchWriter(Func<long> lockedBatches)
    {
        var counter = Metrics.WithCustomRegistry(Registry).CreateCounter("ledger_writer_locked_batches_total",
            "Request-writer batches decided on rows read and locked in the database rather than on cached rows.");
        Registry.AddBeforeCollectCallback(() => counter.IncTo(lockedBatches()));
    }

    public void CountCompletion(int status, string? provider, double latencyMs)
    {
        Requests(status, status == 200 ? "ok" : "upstream").Inc();
        if (provider is not null)
            _upstreamBy.GetOrAdd(provider, static (p, h) => h.WithLabels(p), _upstream).Observe(latencyMs / 1000);
    }

    public void CountUpstreamStreamFailure(string provider) =>
        _streamFailuresBy.GetOrAdd(provider, static (p, c) => c.WithLabels(p), _streamFailures).Inc();

    private Counter.Child Requests(int status, string code) =>
        _requestsBy.GetOrAdd((status, code), static (k, c) => c.WithLabels(k.Status.ToString(CultureInfo.InvariantCulture), k.Code), _requests);
}
