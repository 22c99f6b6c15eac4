using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Hosting;
using Ledger.Api.Tests.Support;
using Ledger.Testing;

namespace Ledger.Api.Tests.Orgs;

/// <summary>
/// Signups and promo claims per client address and clock hour, counted in PostgreSQL. These nodes
/// keep the limits low (every other test node has them lifted).
/// </summary>
public sealed class SignupLimitTests : GatewayTest
{
    private static Dictionary<string, string?> Limits(int? signups = null, int? claims = null, string? trusted = null)
    {
        var s = new Dictionary<string, string?>
        {
            // null: the setting is left unset, so the code's default is what is tested
            ["Ledger:SignupsPerIpPerHour"] = signups?.ToString(),
            ["Ledger:PromoClaimsPerIpPerHour"] = claims?.ToString(),
        };
        if (trusted is not null) s["Ledger:TrustedProxies:0"] = trusted;
        return s;
    }

    private static async Task<(int Status, JsonObject Body, HttpResponseMessage Response)> SignUpAsync(
        HttpClient client, string? peer = null, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signup")
        {
            Content = JsonContent.Create(new { org_name = "Acme", email = "ops@acme.example", currency = "EUR" }),
        };
        if (peer is not null) request.Headers.Add(LedgerNode.PeerHeader, peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject(), response);
    }

    [Fact]
    public async Task thirty_signups_from_one_address_at_once_let_the_default_ten_through_and_refuse_the_rest_with_429_and_retry_after()
    {
        new LedgerOptions().SignupsPerIpPerHour.ShouldBe(10);
        var client = (await NodeAsync(settings: Limits())).Server.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => SignUpAsync(client)));

        answers.Count(a => a.Status == 201).ShouldBe(10);
        var refused = answers.Where(a => a.Status != 201).ToList();
        refused.ShouldAllBe(a => a.Status == 429 && a.Body.Code() == "rate_limit_exceeded"
                                 && (string)a.Body["error"]!["type"]! == "rate_limit_error");
        refused.ShouldAllBe(a => a.Response.Headers.RetryAfter!.Delta!.Value > TimeSpan.Zero
                                 && a.Response.Headers.RetryAfter.Delta.Value <= TimeSpan.FromHours(1));
        (await Db.CountEventsAsync("V1.OrgSignedUp")).ShouldBe(10);
        // a refused signup leaves nothing behind, personal data included
        (await Db.ScalarAsync<long>("select count(*) from org_personal_data")).ShouldBe(10);
    }

    [Fact]
    public async Task the_limit_holds_across_nodes_and_other_addresses_are_unaffected()
    {
        var a = (await NodeAsync(settings: Limits(signups: 3))).Server.CreateClient();
        var b = (await NodeAsync(settings: Limits(signups: 3))).Server.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SignUpAsync(i % 2 == 0 ? a : b, peer: "198.51.100.7")));

        answers.Count(x => x.Status == 201).ShouldBe(3);
        answers.Count(x => x.Status == 429).ShouldBe(3);
        (await SignUpAsync(b, peer: "198.51.100.8")).Status.ShouldBe(201);
    }

    [Fact]
    public async Task the_count_starts_again_in_the_next_hour_and_old_hours_are_pruned()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 10, 59, 30, TimeSpan.Zero));
        var client = (await NodeAsync(clock, Limits(signups: 1))).Server.CreateClient();

        (await SignUpAsync(client)).Status.ShouldBe(201);
        var refused = await SignUpAsync(client);
        refused.Status.ShouldBe(429);
        refused.Response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(30));

        clock.Advance(TimeSpan.FromMinutes(1));
        (await SignUpAsync(client)).Status.ShouldBe(201);
        clock.Advance(TimeSpan.FromHours(2));
        (await SignUpAsync(client)).Status.ShouldBe(201);
        // the 10:00 and 11:00 rows are gone; only the current hour's count is kept
        (await Db.ScalarAsync<long>("select count(*) from client_address_counts where hour < '2026-03-02T12:00:00Z'")).ShouldBe(0);
    }

    [Fact]
    public async Task without_trusted_proxies_x_forwarded_for_is_ignored()
    {
        var client = (await NodeAsync(settings: Limits(signups: 2))).Server.CreateClient();

        var answers = new List<int>();
        for (var i = 0; i < 3; i++) answers.Add((await SignUpAsync(client, peer: "203.0.113.9", forwardedFor: $"192.0.2.{i + 1}")).Status);

        answers.ShouldBe([201, 201, 429]);
    }

    [Fact]
    public async Task behind_a_trusted_proxy_each_forwarded_client_has_its_own_count_and_an_untrusted_peer_is_counted_as_itself()
    {
        var client = (await NodeAsync(settings: Limits(signups: 1, trusted: "10.0.0.0/8"))).Server.CreateClient();

        (await SignUpAsync(client, peer: "10.1.2.3", forwardedFor: "192.0.2.1")).Status.ShouldBe(201);
        (await SignUpAsync(client, peer: "10.1.2.3", forwardedFor: "192.0.2.2")).Status.ShouldBe(201);
        // a second proxy of ours in the chain is walked through; the client's own claim before it is not believed
        (await SignUpAsync(client, peer: "10.1.2.4", forwardedFor: "198.18.0.1, 192.0.2.1, 10.9.9.9")).Status.ShouldBe(429);
        // not one of ours: its header names whatever it likes, so it is counted as the peer it is
        (await SignUpAsync(client, peer: "203.0.113.9", forwardedFor: "192.0.2.3")).Status.ShouldBe(201);
        (await SignUpAsync(client, peer: "203.0.113.9", forwardedFor: "192.0.2.4")).Status.ShouldBe(429);
    }

    [Fact]
    public async Task promo_claims_from_one_address_are_bounded_and_a_refused_claim_takes_nothing_from_the_pool()
    {
        var client = (await NodeAsync(settings: Limits(signups: 100, claims: 2))).Server.CreateClient();
        var orgs = new List<SignedUp>();
        for (var i = 0; i < 4; i++) orgs.Add(await client.SignUpAsync(name: $"org{i}"));

        var claims = new List<(HttpResponseMessage Response, JsonObject Body)>();
        foreach (var org in orgs.Take(3)) claims.Add(await client.PostAsync("/me/credits/claim", new { }, org.Key));

        claims.Select(c => (int)c.Response.StatusCode).ShouldBe([200, 200, 429]);
        claims[2].Body.Code().ShouldBe("rate_limit_exceeded");
        claims[2].Response.Headers.RetryAfter.ShouldNotBeNull();
        (await Db.CountEventsAsync("V1.PromoCreditTaken")).ShouldBe(2);
        (await Db.CountEventsAsync("V1.SignupCreditClaimed")).ShouldBe(2);

        using var elsewhere = new HttpRequestMessage(HttpMethod.Post, "/me/credits/claim") { Content = JsonContent.Create(new { }) };
        elsewhere.Headers.Add(LedgerNode.PeerHeader, "198.51.100.20");
        elsewhere.Headers.Authorization = new("Bearer", orgs[3].Key);
        ((int)(await client.SendAsync(elsewhere)).StatusCode).ShouldBe(200);
    }
}
