using System.Net.Http.Headers;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Keys;

public sealed class ManagingKeysTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    [Fact]
    public async Task minting_shows_the_key_once_and_the_list_shows_limits_and_monthly_spend()
    {
        var org = await Client.SignUpAsync("INR");
        var (r, minted) = await Client.PostAsync("/me/keys", new { name = "prod-backend", budget_inr = 500, expires_days = 90, rpm_limit = 30 }, org.Key);

        ((int)r.StatusCode).ShouldBe(201);
        ((string)minted["key"]!).Length.ShouldBe("br-trial-".Length + 32);
        ((decimal)minted["budget"]!).ShouldBe(500m);
        var (_, one) = await Client.GetJsonAsync($"/me/keys/{minted["id"]}", org.Key);
        ((string)one["status"]!).ShouldBe("active");
        ((decimal)one["monthly_budget"]!).ShouldBe(500m);
        ((decimal)one["spent_month"]!).ShouldBe(0m);
        ((int)one["rpm_limit"]!).ShouldBe(30);
        one["expires_at"].ShouldNotBeNull();
        one.ToJsonString().ShouldNotContain((string)minted["key"]!);
    }

    [Theory]
    [InlineData("""{"name":"x","budget":-5}""", "budget")]
    [InlineData("""{"name":"x","rpm_limit":0}""", "rpm_limit")]
    [InlineData("""{"name":"x","budget_period":"year"}""", "budget_period")]
    [InlineData("""{"name":"x","scope":"admin"}""", "scope")]
    [InlineData("""{"name":"x","daily_limit":"lots"}""", "daily_limit")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"x","budget_inr":100}""", "budget")]
    public async Task a_bad_mint_request_names_the_field_and_records_nothing(string body, string field)
    {
        var org = await Client.SignUpAsync("EUR");
        var before = await gateway.Database.CountEventsAsync();
        var (r, error) = await Client.SendJsonAsync(HttpMethod.Post, "/me/keys", body, org.Key);

        ((int)r.StatusCode).ShouldBe(400);
        ((string)error["error"]!["message"]! + (string?)error["error"]!["param"]).ShouldContain(field);
        (await gateway.Database.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_ten_kilobyte_name_is_refused()
    {
        var org = await Client.SignUpAsync();
        var (r, error) = await Client.PostAsync("/me/keys", new { name = new string('n', 10_000) }, org.Key);
        ((int)r.StatusCode).ShouldBe(400);
        ((string)error["error"]!["param"]!).ShouldContain("name");
    }

    [Fact]
    public async Task the_sixth_active_key_is_refused_with_a_clear_code()
    {
        var org = await Client.SignUpAsync();
        for (var i = 0; i < 4; i++) (await Client.PostAsync("/me/keys", new { name = $"k{i}" }, org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();

        var (r, error) = await Client.PostAsync("/me/keys", new { name = "sixth" }, org.Key);
        ((int)r.StatusCode).ShouldBe(409);
        error.Code().ShouldBe("active_key_limit_reached");
    }

    [Fact]
    public async Task parallel_mints_never_pass_the_active_key_cap()
    {
        var org = await Client.SignUpAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Client.PostAsync("/me/keys", new { name = $"p{i}" }, org.Key)));

        results.Count(r => (int)r.Response.StatusCode == 201).ShouldBe(4);
        results.Count(r => (int)r.Response.StatusCode == 409).ShouldBe(8);
        var (_, keys) = await Client.GetJsonAsync("/me/keys", org.Key);
        keys["data"]!.AsArray().Count.ShouldBe(5);
    }

    [Fact]
    public async Task patch_changes_limits_null_clears_one_and_a_stale_if_match_gets_412()
    {
        var org = await Client.SignUpAsync();
        var (_, minted) = await Client.PostAsync("/me/keys", new { name = "edit-me", rpm_limit = 10, daily_limit = 100 }, org.Key);
        var url = $"/me/keys/{minted["id"]}";
        var (get, _) = await Client.GetJsonAsync(url, org.Key);
        var etag = get.Headers.ETag!.Tag;

        var (ok, edited) = await Patch(url, """{"rpm_limit":null,"budget":25,"budget_period":"week"}""", org.Key, etag);
        ((int)ok.StatusCode).ShouldBe(200);
        edited["rpm_limit"].ShouldBeNull();
        ((int)edited["daily_limit"]!).ShouldBe(100);
        ((decimal)edited["budget"]!).ShouldBe(25m);
        ((string)edited["budget_period"]!).ShouldBe("week");

        var (stale, error) = await Patch(url, """{"name":"again"}""", org.Key, etag);
        ((int)stale.StatusCode).ShouldBe(412);
        error.Code().ShouldBe("stale_version");
    }

    [Fact]
    public async Task patching_a_budget_in_another_currency_is_refused_even_to_clear_it()
    {
        var org = await Client.SignUpAsync("EUR");
        var (_, minted) = await Client.PostAsync("/me/keys", new { name = "eur-key", budget = 10 }, org.Key);
        var url = $"/me/keys/{minted["id"]}";
        var before = await gateway.Database.CountEventsAsync();

        foreach (var body in new[] { """{"budget_inr":100}""", """{"budget_inr":null}""" })
        {
            var (r, error) = await Patch(url, body, org.Key);
            ((int)r.StatusCode).ShouldBe(400, body);
            error.Code().ShouldBe("currency_mismatch");
        }
        (await gateway.Database.CountEventsAsync()).ShouldBe(before);
        var (ok, edited) = await Patch(url, """{"budget_eur":25}""", org.Key);
        ((int)ok.StatusCode).ShouldBe(200);
        ((decimal)edited["budget"]!).ShouldBe(25m);
    }

    [Fact]
    public async Task revoking_is_permanent_and_shows_in_the_audit_history_with_its_actor()
    {
        var org = await Client.SignUpAsync();
        var (_, minted) = await Client.PostAsync("/me/keys", new { name = "temp" }, org.Key);
        var url = $"/me/keys/{minted["id"]}";

        var (del, body) = await Client.SendJsonAsync(HttpMethod.Delete, url, null, org.Key);
        ((int)del.StatusCode).ShouldBe(200);
        ((bool)body["revoked"]!).ShouldBeTrue();
        var (enable, error) = await Patch(url, """{"disabled":false,"name":"back"}""", org.Key);
        ((int)enable.StatusCode).ShouldBe(409);
        error.Code().ShouldBe("key_revoked");
        var (_, revokedKeyCall) = await Client.GetJsonAsync("/me/keys", (string)minted["key"]!);
        revokedKeyCall.Code().ShouldBe("key_revoked");

        var (_, history) = await Client.GetJsonAsync(url + "/events", org.Key);
        var entries = history["data"]!.AsArray();
        entries.Select(e => (string)e!["type"]!).ShouldBe(["V1.KeyMinted", "V1.KeyRevoked"]);
        entries.ShouldAllBe(e => (string)e!["actor"]! == $"key:{org.KeyId}");
        history.ToJsonString().ShouldNotContain("key_hash\":\"" + "0");
    }

    [Fact]
    public async Task disable_then_enable_changes_status_and_the_disabled_key_is_refused()
    {
        var org = await Client.SignUpAsync();
        var (_, minted) = await Client.PostAsync("/me/keys", new { name = "toggle" }, org.Key);
        var url = $"/me/keys/{minted["id"]}";

        (await Patch(url, """{"disabled":true}""", org.Key)).Body["status"]!.ToString().ShouldBe("disabled");
        var (refused, error) = await Client.GetJsonAsync("/me/keys", (string)minted["key"]!);
        ((int)refused.StatusCode).ShouldBe(403);
        error.Code().ShouldBe("key_disabled");
        (await Patch(url, """{"disabled":false}""", org.Key)).Body["status"]!.ToString().ShouldBe("active");
    }

    [Fact]
    public async Task another_orgs_key_and_an_unknown_id_both_answer_404()
    {
        var mine = await Client.SignUpAsync();
        var theirs = await Client.SignUpAsync();
        foreach (var id in new[] { theirs.KeyId, Guid.NewGuid() })
        {
            (await Client.GetJsonAsync($"/me/keys/{id}", mine.Key)).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
            (await Client.SendJsonAsync(HttpMethod.Delete, $"/me/keys/{id}", null, mine.Key)).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
            (await Patch($"/me/keys/{id}", """{"name":"x"}""", mine.Key)).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
            // whatever If-Match says, a foreign id is 404 and the answer leaks nothing of that key (its version)
            foreach (var ifMatch in new[] { "\"1\"", "\"7\"" })
            {
                var (r, error) = await Patch($"/me/keys/{id}", """{"name":"x"}""", mine.Key, ifMatch);
                ((int)r.StatusCode).ShouldBe(404, ifMatch);
                error.Code().ShouldBe("not_found");
            }
        }
        var (_, theirKey) = await Client.GetJsonAsync($"/me/keys/{theirs.KeyId}", theirs.Key);
        ((string)theirKey["name"]!).ShouldNotBe("x");
    }

    [Fact]
    public async Task a_missing_or_unknown_key_gets_401_with_a_bearer_challenge()
    {
        foreach (var key in new string?[] { null, "br-" + new string('x', 32) })
        {
            var (r, error) = await Client.GetJsonAsync("/me/keys", key);
            ((int)r.StatusCode).ShouldBe(401);
            r.Headers.WwwAuthenticate.ShouldContain(new AuthenticationHeaderValue("Bearer"));
            error.Code().ShouldBe("invalid_api_key");
        }
    }

    [Fact]
    public async Task ephemeral_keys_are_inference_only_bounded_and_refused_on_management_routes()
    {
        var org = await Client.SignUpAsync();
        foreach (var bad in new[] { new { name = "a", ttl_hours = 0 }, new { name = "a", ttl_hours = 169 } })
            ((int)(await Client.PostAsync("/me/keys/ephemeral", bad, org.Key)).Response.StatusCode).ShouldBe(400);
        ((int)(await Client.PostAsync("/me/keys/ephemeral", new { name = "a", ttl_hours = 1, daily_limit = 1001 }, org.Key)).Response.StatusCode).ShouldBe(400);

        var (r, eph) = await Client.PostAsync("/me/keys/ephemeral", new { name = "sub-agent", ttl_hours = 2 }, org.Key);
        ((int)r.StatusCode).ShouldBe(201);
        ((string)eph["scope"]!).ShouldBe("inference");
        ((int)eph["daily_limit"]!).ShouldBe(1000);

        var ephemeral = (string)eph["key"]!;
        foreach (var (method, url) in new[] { (HttpMethod.Get, "/me/keys"), (HttpMethod.Post, "/me/keys"), (HttpMethod.Get, "/me/balance"),
                     (HttpMethod.Post, "/me/credits/claim"), (HttpMethod.Post, "/me/keys/ephemeral") })
        {
            var (denied, error) = await Client.SendJsonAsync(method, url, method == HttpMethod.Post ? new { name = "x", ttl_hours = 1 } : null, ephemeral);
            ((int)denied.StatusCode).ShouldBe(403, url);
            error.Code().ShouldBe("insufficient_scope");
        }
        ((int)(await Client.GetJsonAsync("/v1/models", ephemeral)).Response.StatusCode).ShouldBe(200);
    }

    private Task<(HttpResponseMessage Response, System.Text.Json.Nodes.JsonObject Body)> Patch(string url, string json, string key, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return Send(request);
    }

    private async Task<(HttpResponseMessage, System.Text.Json.Nodes.JsonObject)> Send(HttpRequestMessage request)
    {
        var r = await Client.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        return (r, text.StartsWith('{') ? System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject() : new());
    }
}
