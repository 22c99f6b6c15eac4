using System.Diagnostics;

namespace Ledger.Bench;

internal static class Measure
{
    /// <summary>
    /// Runs <paramref name="writers"/> loops until <paramref name="duration"/> passes; each
    /// iteration returns how many rows it wrote. Returns rows per second.
    /// </summary>
    public static async Task<double> RateAsync(int writers, TimeSpan duration, Func<int, long, Task<int>> iteration)
    {
        // JIT, pool connections and catalog caches warm up outside the measured window
        await RunAsync(writers, TimeSpan.FromSeconds(1), (w, i) => iteration(w, -1 - i));
        return await RunAsync(writers, duration, iteration);
    }

    private static async Task<double> RunAsync(int writers, TimeSpan duration, Func<int, long, Task<int>> iteration)
    {
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var totals = await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            long rows = 0, i = 0;
            while (!stop.IsCancellationRequested)
                rows += await iteration(writer, i++);
            return rows;
        })));
        return totals.Sum() / clock.Elapsed.TotalSeconds;
    }
}
