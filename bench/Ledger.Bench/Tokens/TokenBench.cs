using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Ledger.Gateway;

namespace Ledger.Bench.Tokens;

/// <summary>`tokens`: the o200k prompt estimate against the old approximation: how far apart, and ns and bytes per call.</summary>
internal static class TokenBench
{
    public static Command Command()
    {
        var iterations = new Option<int>("--iterations") { Description = "Timed calls per body and estimator", DefaultValueFactory = _ => 100_000 };
        var command = new Command("tokens", "Prompt token estimate, o200k tokenizer vs the old approximation: counts, ns/op, bytes/op") { iterations };
        command.SetAction(result => Run(result.GetValue(iterations)));
        return command;
    }

    private static int Run(int iterations)
    {
        var clock = Stopwatch.StartNew();
        TokenCounter.Count("warm");
        Console.WriteLine($"tokens bench: o200k tokenizer loaded in {clock.ElapsedMilliseconds} ms; {iterations:N0} calls per body after {iterations / 10:N0} warm-up calls");
        Console.WriteLine($"  {"body",-14} {"chars",7} {"old",7} {"o200k",7} {"old off",8}   {"old ns/op",10} {"new ns/op",10}   {"old B/op",9} {"new B/op",9}");
        foreach (var (name, body) in TokenBodies.All)
        {
            int old = ApproximateTokens.EstimatePrompt(body), exact = TokenCounter.EstimatePrompt(body);
            var (oldNs, oldBytes) = Time(body, ApproximateTokens.EstimatePrompt, iterations);
            var (newNs, newBytes) = Time(body, TokenCounter.EstimatePrompt, iterations);
            var off = (old - exact) * 100.0 / exact;
            Console.WriteLine($"  {name,-14} {body.ToJsonString().Length,7:N0} {old,7:N0} {exact,7:N0} {off,7:+0.0;-0.0}%   {oldNs,10:N0} {newNs,10:N0}   {oldBytes,9:N0} {newBytes,9:N0}");
        }
        return 0;
    }

    private static (double Ns, double Bytes) Time(JsonObject body, Func<JsonObject, int> estimate, int iterations)
    {
        var sink = 0;
        for (var i = 0; i < iterations / 10; i++)
            sink += estimate(body);
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
            sink += estimate(body);
        var elapsed = clock.Elapsed;
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        GC.KeepAlive(sink);
        return (elapsed.TotalNanoseconds / iterations, (double)bytes / iterations);
    }
}
