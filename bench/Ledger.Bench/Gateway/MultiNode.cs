using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ledger.Bench.Gateway;

/// <summary>
/// `multinode`: limits and revocations across gateway nodes sharing one database. A key with rpm N
/// gets 4N concurrent requests spread over every node (exactly N must pass); an org on a plan with an
/// rpm cap likewise; then keys are revoked on the first node and the time until another node refuses
/// them is measured, --revocations times.
/// </summary>
internal static class MultiNode
{
    public static Command Command()
    {
        var nodes = new Option<string[]>("--node") { Description = "Gateway base URL (repeat, 2 or more)", Required = true };
        var token = new Option<string>("--operator-token") { Required = true };
        var rpm = new Option<int>("--rpm") { DefaultValueFactory = _ => 40 };
        var planRpm = new Option<int>("--plan-rpm") { Description = "RpmLimit of the plan named by --plan", DefaultValueFactory = _ => 60 };
        var plan = new Option<string>("--plan") { DefaultValueFactory = _ => "pro" };
        var revocations = new Option<int>("--revocations") { DefaultValueFactory = _ => 50 };
        var command = new Command("multinode", "Limits and revocation latency across gateway nodes") { nodes, token, rpm, planRpm, plan, revocations };
        command.SetAction(async (r, ct) =>
        {
            var urls = r.GetValue(nodes)!;
            var clients = urls.Select(u => new HttpClient { BaseAddress = new Uri(u), Timeout = TimeSpan.FromSeconds(30) }).ToArray();
            var a = clients[0];
            var ok = true;

            // key rpm across nodes
            var (orgId, full) = await OrgAsync(a, r.GetValue(token)!, ct);
            var n = r.GetValue(rpm);
            var limited = (string)(await Seed.SendAsync(a, "/me/keys", new { name = "rpm", scope = "inference", rpm_limit = n }, full, ct))["key"]!;
            var passed = await BurstAsync(clients, limited, 4 * n, ct);
            ok &= passed == n;
            Console.WriteLine($"key rpm {n}: {4 * n} concurrent requests over {clients.Length} nodes, {passed} admitted (want exactly {n}) {(passed == n ? "ok" : "FAIL")}");

            // plan rpm across nodes: the org moves to the plan, its keys share the plan's cap
            var (planOrg, planFull) = await OrgAsync(a, r.GetValue(token)!, ct);
            await SendAsync(a, HttpMethod.Put, $"/admin/orgs/{planOrg}/plan", new { plan = r.GetValue(plan) }, r.GetValue(token)!, ct);
            var keys = new List<string>();
            for (var i = 0; i < 3; i++)
                keys.Add((string)(await Seed.SendAsync(a, "/me/keys", new { name = $"plan-{i}", scope = "inference" }, planFull, ct))["key"]!);
            var pn = r.GetValue(planRpm);
            var planPassed = await BurstAsync(clients, keys, 3 * pn, ct);
            ok &= planPassed == pn;
            Console.WriteLine($"plan '{r.GetValue(plan)}' rpm {pn}: {3 * pn} concurrent requests on 3 keys over {clients.Length} nodes, {planPassed} admitted (want exactly {pn}) {(planPassed == pn ? "ok" : "FAIL")}");

            // revocation on node A, refusal on node B
            var times = new List<double>();
            var firstTry = 0;
            for (var i = 0; i < r.GetValue(revocations); i++)
            {
                var minted = await Seed.SendAsync(a, "/me/keys", new { name = $"doomed-{i}", scope = "inference" }, full, ct);
                var (id, key) = ((string)minted["id"]!, (string)minted["key"]!);
                var b = clients[1 + i % (clients.Length - 1)];
                if (await StatusAsync(b, key, ct) != 200) throw new InvalidOperationException("a fresh key was refused");
                await SendAsync(a, HttpMethod.Delete, $"/me/keys/{id}", null, full, ct);
                var revoked = Stopwatch.GetTimestamp();
                var tries = 0;
                while (true)
                {
                    tries++;
                    var status = await StatusAsync(b, key, ct);
                    if (status == 401) break;
                    if (Stopwatch.GetElapsedTime(revoked) > TimeSpan.FromSeconds(5)) { ok = false; break; }
                }
                if (tries == 1) firstTry++;
                times.Add(Stopwatch.GetElapsedTime(revoked).TotalMilliseconds);
            }
            times.Sort();
            double Q(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
            var within = times.Count(t => t <= 1000);
            ok &= within == times.Count;
            Console.WriteLine($"revocation on node A -> refused on another node: {times.Count} revocations, refused on the first request after the " +
                              $"revoke answered in {firstTry}/{times.Count}; time to refusal min {times[0]:0.0} p50 {Q(0.5):0.0} p90 {Q(0.9):0.0} " +
                              $"p99 {Q(0.99):0.0} max {times[^1]:0.0} ms; within 1 s: {within}/{times.Count} {(within == times.Count ? "ok" : "FAIL")}");
            _ = orgId;
            return ok ? 0 : 1;
        });
        return command;
    }

    private static async Task<(Guid, string)> OrgAsync(HttpClient a, string token, CancellationToken ct)
    {
        var signup = await Seed.SendAsync(a, "/signup", new { org_name = "Multinode", email = "multi@bench.example", currency = "EUR" }, null, ct);
        var orgId = Guid.Parse((string)signup["org_id"]!);
        await Seed.SendAsync(a, $"/admin/orgs/{orgId}/payments", new { amount = 1000, currency = "EUR", reference = $"multi-{orgId}" }, token, ct);
        return (orgId, (string)signup["key"]!);
    }

    private static async Task<int> BurstAsync(HttpClient[] nodes, string key, int count, CancellationToken ct) =>
        await BurstAsync(nodes, [key], count, ct);

    private static async Task<int> BurstAsync(HttpClient[] nodes, IReadOnlyList<string> keys, int count, CancellationToken ct)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, count).Select(i => StatusAsync(nodes[i % nodes.Length], keys[i % keys.Count], ct)));
        return statuses.Count(s => s == 200);
    }

    private static async Task<int> StatusAsync(HttpClient node, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            { Content = new StringContent(LoadDriver.DefaultBody, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await node.SendAsync(request, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return (int)response.StatusCode;
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, object? body, string bearer, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }
}
