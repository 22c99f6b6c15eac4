using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ledger.Bench.Gateway;

/// <summary>
/// `seed`: orgs and keys through the gateway's own API, in parallel: each org signs up, is paid
/// (which makes it standard, with credit to spare) and mints its inference keys. Writes the keys,
/// one a line, for the load driver.
/// </summary>
internal static class Seed
{
    public static Command Command()
    {
        var gateway = new Option<string>("--gateway") { Description = "Gateway base URL", Required = true };
        var token = new Option<string>("--operator-token") { Required = true };
        var orgs = new Option<int>("--orgs") { DefaultValueFactory = _ => 1000 };
        var keysPerOrg = new Option<int>("--keys-per-org") { DefaultValueFactory = _ => 10 };
        var credit = new Option<decimal>("--credit") { DefaultValueFactory = _ => 1_000_000m };
        var parallel = new Option<int>("--parallel") { DefaultValueFactory = _ => 32 };
        var output = new Option<string>("--out") { Required = true };
        var orgsOut = new Option<string?>("--orgs-out") { Description = "Also write 'org_id full_key' per org" };
        var command = new Command("seed", "Seed orgs and keys through the API") { gateway, token, orgs, keysPerOrg, credit, parallel, output, orgsOut };
        command.SetAction(async (r, ct) =>
        {
            var clock = Stopwatch.StartNew();
            using var http = new HttpClient { BaseAddress = new Uri(r.GetValue(gateway)!), Timeout = TimeSpan.FromSeconds(60) };
            var results = new (Guid OrgId, string FullKey, string[] Keys)[r.GetValue(orgs)];
            await Parallel.ForAsync(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = r.GetValue(parallel), CancellationToken = ct },
                async (i, token2) => results[i] = await SeedOrgAsync(http, i, r.GetValue(token)!, r.GetValue(credit), r.GetValue(keysPerOrg), token2));
            await File.WriteAllLinesAsync(r.GetValue(output)!, results.SelectMany(o => o.Keys), ct);
            if (r.GetValue(orgsOut) is { } path)
                await File.WriteAllLinesAsync(path, results.Select(o => $"{o.OrgId} {o.FullKey}"), ct);
            Console.WriteLine($"seeded {results.Length} orgs, {results.Sum(o => o.Keys.Length)} keys in {clock.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }

    private static async Task<(Guid, string, string[])> SeedOrgAsync(HttpClient http, int i, string operatorToken, decimal credit, int keys, CancellationToken ct)
    {
        var signup = await SendAsync(http, "/signup", new { org_name = $"Bench {i}", email = $"bench{i}@bench.example", currency = "EUR" }, null, ct);
        var orgId = Guid.Parse((string)signup["org_id"]!);
        var full = (string)signup["key"]!;
        await SendAsync(http, $"/admin/orgs/{orgId}/payments", new { amount = credit, currency = "EUR", reference = $"bench-{orgId}" }, operatorToken, ct);
        var minted = new string[keys];
        for (var k = 0; k < keys; k++)
            minted[k] = (string)(await SendAsync(http, "/me/keys", new { name = $"bench-{k}", scope = "inference" }, full, ct))["key"]!;
        return (orgId, full, minted);
    }

    internal static async Task<JsonObject> SendAsync(HttpClient http, string path, object body, string? bearer, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
