using Prometheus;

namespace Ledger.Api.Ops;

/// <summary>
/// The process's CPU, memory, GC counts and allocations: what a request costs the node is a difference
/// of two scrapes divided by the request count. prometheus-net's own process collector gives all of it
/// but the bytes allocated, which is read from the GC at each scrape.
/// </summary>
internal static class ProcessMetrics
{
    public static void Register(CollectorRegistry registry)
    {
        DotNetStats.Register(registry);
        var allocated = Metrics.WithCustomRegistry(registry).CreateCounter("dotnet_allocated_bytes_total",
            "Bytes allocated on the managed heap since the process started.");
        registry.AddBeforeCollectCallback(() => allocated.IncTo(GC.GetTotalAllocatedBytes()));
    }
}
