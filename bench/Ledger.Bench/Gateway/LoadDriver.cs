using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ledger.Bench.Gateway;

/// <summary>One load run's outcome; <see cref="Ok"/> counts exactly the 200s the driver received in full.</summary>
internal sealed record LoadResult(
    string Label, string Mode, int Connections, double? Rate, double Seconds, long Sent, long Ok, long Errors, long Dropped,
    Dictionary<string, long> Statuses, double Throughput, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs);

/// <summary>
/// `load`: a bounded HTTP load driver. Closed loop (--connections workers back to back, saturation)
/// or open loop (--rate requests/s on a fixed schedule, latency measured from the scheduled send
/// time so a stalled server cannot hide its queue). Every request picks a random key from --keys.
/// It waits for every request it sent before it reports, so its 200 count is exact.
/// </summary>
internal static class LoadDriver
{
    public const string DefaultBody = """{"model":"gpt-5.1","messages":[{"role":"user","content":"Say hello to the ledger"}],"max_tokens":16}""";

    public static Command Command()
    {
        var url = new Option<string>("--url") { Description = "Full URL to POST to", Required = true };
        var keys = new Option<string?>("--keys") { Description = "File with one API key per line; a random one per request" };
        var headers = new Option<string[]>("--header") { Description = "Extra header 'Name: value' (repeatable)", AllowMultipleArgumentsPerToken = false };
        var connections = new Option<int>("--connections") { Description = "Closed loop: workers; open loop: connection cap", DefaultValueFactory = _ => 1 };
        var rate = new Option<double?>("--rate") { Description = "Open loop at this many requests/s (omit for closed loop)" };
        var seconds = new Option<double>("--seconds") { Description = "Duration", DefaultValueFactory = _ => 5 };
        var maxRequests = new Option<long>("--max-requests") { Description = "Hard cap on requests sent", DefaultValueFactory = _ => 2_000_000 };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Open loop: requests beyond this many outstanding are dropped (counted)", DefaultValueFactory = _ => 4000 };
        var label = new Option<string>("--label") { DefaultValueFactory = _ => "run" };
        var output = new Option<string?>("--out") { Description = "Append the result as one JSON line to this file" };
        var body = new Option<string>("--body") { DefaultValueFactory = _ => DefaultBody };
        var idsOut = new Option<string?>("--ids-out") { Description = "Append the x-request-id of every 200 to this file (for ledger-check --ids)" };
        var command = new Command("load", "Bounded load driver (closed or open loop)")
            { url, keys, headers, connections, rate, seconds, maxRequests, maxInFlight, label, output, body, idsOut };
        command.SetAction(async (r, ct) =>
        {
            var keyList = r.GetValue(keys) is { } f ? File.ReadAllLines(f).Where(l => l.Length > 0).ToArray() : [];
            var result = await RunAsync(new Settings(r.GetValue(url)!, keyList, r.GetValue(headers) ?? [], r.GetValue(connections),
                r.GetValue(rate), r.GetValue(seconds), r.GetValue(maxRequests), r.GetValue(maxInFlight), r.GetValue(label)!, r.GetValue(body)!,
                r.GetValue(idsOut)));
            Console.WriteLine(Describe(result));
            if (r.GetValue(output) is { } o)
                await File.AppendAllTextAsync(o, JsonSerializer.Serialize(result) + "\n");
            return 0;
        });
        return command;
    }

    internal sealed record Settings(string Url, string[] Keys, string[] Headers, int Connections, double? Rate, double Seconds,
        long MaxRequests, int MaxInFlight, string Label, string Body, string? IdsOut = null);

    public static string Describe(LoadResult r) => FormattableString.Invariant(
        $"{r.Label,-34} {r.Mode,-6} c={r.Connections,-4} {(r.Rate is { } x ? $"rate={x,6:0}" : "          ")} sent={r.Sent,-8} ok={r.Ok,-8} ") + FormattableString.Invariant(
        $"err={r.Errors} drop={r.Dropped} {r.Throughput,8:0} req/s  p50={r.P50Ms:0.000} p90={r.P90Ms:0.000} p99={r.P99Ms:0.000} p99.9={r.P999Ms:0.000} max={r.MaxMs:0.0} ms") +
        (r.Statuses.Count > 1 || !r.Statuses.ContainsKey("200") ? "  statuses=" + string.Join(",", r.Statuses.Select(s => $"{s.Key}:{s.Value}")) : "");

    public static async Task<LoadResult> RunAsync(Settings s)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = s.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        }) { Timeout = TimeSpan.FromSeconds(30) };
        var uri = new Uri(s.Url);
        var body = Encoding.UTF8.GetBytes(s.Body);
        var extra = s.Headers.Select(h => h.Split(':', 2)).Select(p => (p[0].Trim(), p[1].Trim())).ToArray();
        var json = new MediaTypeHeaderValue("application/json");
        var capacity = (int)Math.Min(s.MaxRequests, s.Rate is { } rr ? (long)(rr * s.Seconds) + 16 : s.MaxRequests);
        var latencies = new double[capacity];
        long recorded = 0, ok = 0, errors = 0, dropped = 0, sent = 0, inFlight = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var okIds = new System.Collections.Concurrent.ConcurrentQueue<string>();

        async Task SendOne(long scheduledTicks)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) { Headers = { ContentType = json } } };
                if (s.Keys.Length > 0) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + s.Keys[Random.Shared.Next(s.Keys.Length)]);
                foreach (var (name, value) in extra) request.Headers.TryAddWithoutValidation(name, value);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var elapsed = Stopwatch.GetElapsedTime(scheduledTicks).TotalMilliseconds;
                var code = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                statuses.AddOrUpdate(code, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref ok);
                    if (s.IdsOut is not null && response.Headers.TryGetValues("x-request-id", out var id)) okIds.Enqueue(id.First());
                }
                var i = Interlocked.Increment(ref recorded) - 1;
                if (i < latencies.Length) latencies[i] = elapsed;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref errors);
                statuses.AddOrUpdate("error:" + e.GetType().Name, 1, (_, n) => n + 1);
            }
        }

        var clock = Stopwatch.StartNew();
        var start = Stopwatch.GetTimestamp();
        var deadline = TimeSpan.FromSeconds(s.Seconds);
        string mode;
        if (s.Rate is not { } rate)
        {
            mode = "closed";
            await Task.WhenAll(Enumerable.Range(0, s.Connections).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < deadline && Interlocked.Increment(ref sent) <= s.MaxRequests)
                    await SendOne(Stopwatch.GetTimestamp());
            })));
            sent = recorded + errors;
        }
        else
        {
            mode = "open";
            var total = Math.Min(s.MaxRequests, (long)(rate * s.Seconds));
            var pending = new List<Task>((int)Math.Min(total, 10_000_000));
            var ticksPerRequest = Stopwatch.Frequency / rate;
            long issued = 0;
            while (issued < total)
            {
                var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
                for (; issued < due; issued++)
                {
                    var scheduled = start + (long)(issued * ticksPerRequest);
                    if (Interlocked.Read(ref inFlight) >= s.MaxInFlight) { dropped++; continue; }
                    Interlocked.Increment(ref inFlight);
                    sent++;
                    pending.Add(Task.Run(async () => { try { await SendOne(scheduled); } finally { Interlocked.Decrement(ref inFlight); } }));
                }
                await Task.Delay(1);
            }
            await Task.WhenAll(pending);
        }
        var wall = clock.Elapsed.TotalSeconds;
        if (s.IdsOut is not null) await File.AppendAllLinesAsync(s.IdsOut, okIds);
        var n = (int)Math.Min(recorded, latencies.Length);
        var sorted = latencies.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        double Q(double q) => n == 0 ? double.NaN : sorted[Math.Min(n - 1, (int)Math.Ceiling(q * n) - 1)];
        return new LoadResult(s.Label, mode, s.Connections, s.Rate, Math.Round(wall, 3), sent, ok, errors, dropped,
            statuses.OrderBy(p => p.Key).ToDictionary(), Math.Round(recorded / wall, 1),
            Math.Round(Q(0.50), 3), Math.Round(Q(0.90), 3), Math.Round(Q(0.99), 3), Math.Round(Q(0.999), 3), n == 0 ? double.NaN : Math.Round(sorted[^1], 3));
    }
}
