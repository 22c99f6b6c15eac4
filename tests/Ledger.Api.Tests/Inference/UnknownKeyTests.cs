using System.Text.RegularExpressions;
using Alba;
using Ledger.Api.Keys;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Projections.Admission;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Inference;

/// <summary>Keys that match nothing are refused before the request writer, remembered briefly, and counted.</summary>
public sealed class UnknownKeyTests : GatewayTest
{
    private static long Metric(string scrape, string name) =>
        long.Parse(Regex.Match(scrape, $"^{name} (\\d+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : "-1");

    /// <summary>Makes the node's next minted key have this secret, so a test can present it before the key exists.</summary>
    private static void NextSecretIs(IAlbaHost node, string plain) =>
        node.Services.GetRequiredService<KeyMinting>().NewSecret = _ => new KeySecret(plain, KeySecret.HashOf(plain), plain[..KeySecret.PrefixLength]);

    [Fact]
    public async Task unknown_keys_among_known_ones_never_send_a_batch_down_the_locked_path_and_are_counted()
    {
        var node = await NodeAsync();
        var client = node.Server.CreateClient();
        var org = await client.SignUpAsync();
        await client.PayAsync(org.OrgId, 100m);
        (await client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue(); // the key's rows are cached now
        var writer = node.Services.GetRequiredService<RequestLedger>();
        var locked = writer.LockedBatches;

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.CompleteAsync(i % 3 == 0 ? $"br-wrong-{i % 2}" : org.Key)));

        results.Count(r => r.Response.IsSuccessStatusCode).ShouldBe(40);
        results.Where(r => !r.Response.IsSuccessStatusCode).ShouldAllBe(r => (int)r.Response.StatusCode == 401 && r.Body.Code() == "invalid_api_key");
        writer.LockedBatches.ShouldBe(locked);
        var scrape = await client.GetStringAsync("/metrics");
        Metric(scrape, "ledger_unknown_keys_total").ShouldBe(20);
        Metric(scrape, "ledger_writer_locked_batches_total").ShouldBe(writer.LockedBatches);
        (await Db.ScalarAsync<long>("select count(*) from ledger_events where type = 'V1.RequestRejected'")).ShouldBe(0);
    }

    [Fact]
    public async Task a_key_minted_on_the_node_that_called_its_secret_unknown_works_at_once()
    {
        var node = await NodeAsync();
        var client = node.Server.CreateClient();
        var org = await client.SignUpAsync();
        await client.PayAsync(org.OrgId, 100m);
        var secret = "br-" + Guid.NewGuid().ToString("N");
        (await client.CompleteAsync(secret)).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized); // remembered as unknown

        NextSecretIs(node, secret);
        var (minted, body) = await client.PostAsync("/me/keys", new { name = "late" }, org.Key);
        minted.IsSuccessStatusCode.ShouldBeTrue(body.ToJsonString());
        ((string)body["key"]!).ShouldBe(secret);

        (await client.CompleteAsync(secret)).Response.IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task another_node_calls_a_secret_unknown_for_no_longer_than_the_cache_lasts()
    {
        var a = await NodeAsync();
        var b = await NodeAsync(settings: new Dictionary<string, string?> { ["Ledger:UnknownKeyCacheSeconds"] = "2" });
        var (clientA, clientB) = (a.Server.CreateClient(), b.Server.CreateClient());
        var org = await clientA.SignUpAsync();
        await clientA.PayAsync(org.OrgId, 100m);
        var secret = "br-" + Guid.NewGuid().ToString("N");
        (await clientB.CompleteAsync(secret)).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);

        NextSecretIs(a, secret);
        (await clientA.PostAsync("/me/keys", new { name = "elsewhere" }, org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var minted = DateTime.UtcNow;
        (await clientA.CompleteAsync(secret)).Response.IsSuccessStatusCode.ShouldBeTrue();

        var answered = await Wait.ForAsync(() => clientB.CompleteAsync(secret), r => r.Response.IsSuccessStatusCode, TimeSpan.FromMilliseconds(100));
        answered.Response.IsSuccessStatusCode.ShouldBeTrue();
        (DateTime.UtcNow - minted).ShouldBeLessThan(TimeSpan.FromSeconds(4));
    }
}
