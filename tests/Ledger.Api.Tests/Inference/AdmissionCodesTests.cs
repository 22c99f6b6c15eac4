using Ledger.Api.Tests.Support;
using Ledger.Testing;

namespace Ledger.Api.Tests.Inference;

/// <summary>Each refusal code end to end, on a node whose clock the test moves by hand.</summary>
public sealed class AdmissionCodesTests : GatewayTest
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = (await NodeAsync(_clock, new Dictionary<string, string?> { ["Ledger:Admission:BudgetExceededStatus"] = "402" })).Server.CreateClient();
    }

    private async Task<SignedUp> StandardOrgAsync(string currency = "EUR", decimal credit = 100m)
    {
        var org = await _client.SignUpAsync(currency);
        await _client.PayAsync(org.OrgId, credit, currency);
        return org;
    }

    private async Task<string> KeyAsync(SignedUp org, object spec) => (string)(await _client.PostAsync("/me/keys", spec, org.Key)).Body["key"]!;

    [Fact]
    public async Task an_admitted_request_answers_with_rate_limit_headers_and_is_charged_in_the_ledger()
    {
        var org = await StandardOrgAsync();
        var (r, body) = await _client.CompleteAsync(org.Key);

        ((int)r.StatusCode).ShouldBe(200, body.ToJsonString());
        ((string)body["model"]!).ShouldBe("gpt-5.1");
        r.Headers.GetValues("x-ratelimit-limit-requests").Single().ShouldBe("120");
        r.Headers.GetValues("x-ratelimit-remaining-requests").Single().ShouldBe("119");
        r.Headers.GetValues("x-ratelimit-reset-requests").Single().ShouldEndWith("s");
        (await Db.CountEventsAsync("V1.RequestCompleted")).ShouldBe(1);
        // the request id names the request's stream; time-ordered (v7), so the ledger's indexes grow at one end
        var requestId = Guid.Parse(r.Headers.GetValues("x-request-id").Single());
        requestId.Version.ShouldBe(7);
        (await Db.ScalarAsync<long>($"select count(*) from ledger_events where stream_id = 'req-{requestId}' and type = 'V1.RequestCompleted'")).ShouldBe(1);
        var charged = await Db.ScalarAsync<decimal>("select (data->>'charged')::numeric from ledger_events where type = 'V1.RequestCompleted'");
        charged.ShouldBeGreaterThan(0m);
        var (_, balance) = await _client.GetJsonAsync("/me/balance", org.Key);
        ((decimal)balance["balance"]!).ShouldBe(100m - charged);
        ((decimal)balance["reserved"]!).ShouldBe(0m);
    }

    [Fact]
    public async Task revoked_disabled_and_expired_keys_get_their_own_codes_and_each_refusal_is_an_event()
    {
        var org = await StandardOrgAsync();
        var revoked = (await _client.PostAsync("/me/keys", new { name = "r" }, org.Key)).Body;
        var disabled = (await _client.PostAsync("/me/keys", new { name = "d" }, org.Key)).Body;
        var expiring = (await _client.PostAsync("/me/keys", new { name = "e", expires_days = 1 }, org.Key)).Body;
        await _client.SendJsonAsync(HttpMethod.Delete, $"/me/keys/{revoked["id"]}", null, org.Key);
        await _client.SendJsonAsync(HttpMethod.Patch, $"/me/keys/{disabled["id"]}", new { disabled = true }, org.Key);
        _clock.Advance(TimeSpan.FromDays(1));

        var cases = new[] { (revoked, 401, "key_revoked"), (disabled, 403, "key_disabled"), (expiring, 401, "key_expired") };
        foreach (var (key, status, code) in cases)
        {
            var (r, error) = await _client.CompleteAsync((string)key["key"]!);
            ((int)r.StatusCode).ShouldBe(status);
            error.Code().ShouldBe(code);
        }
        (await Db.CountEventsAsync("V1.RequestRejected")).ShouldBe(3);
        var (unknown, e) = await _client.CompleteAsync("br-" + new string('q', 32));
        ((int)unknown.StatusCode).ShouldBe(401);
        e.Code().ShouldBe("invalid_api_key");
    }

    [Fact]
    public async Task a_key_that_is_disabled_and_expired_is_refused_the_same_way_for_inference_and_management()
    {
        var org = await StandardOrgAsync();
        var both = (await _client.PostAsync("/me/keys", new { name = "both", expires_days = 1 }, org.Key)).Body;
        await _client.SendJsonAsync(HttpMethod.Patch, $"/me/keys/{both["id"]}", new { disabled = true }, org.Key);
        _clock.Advance(TimeSpan.FromDays(2));

        var (inference, refusedInference) = await _client.CompleteAsync((string)both["key"]!);
        var (management, refusedManagement) = await _client.GetJsonAsync("/me", (string)both["key"]!);

        ((int)inference.StatusCode, refusedInference.Code()).ShouldBe((403, "key_disabled"));
        ((int)management.StatusCode, refusedManagement.Code()).ShouldBe((403, "key_disabled"));
        refusedManagement["error"]!["message"]!.ToString().ShouldBe(refusedInference["error"]!["message"]!.ToString());
    }

    [Fact]
    public async Task the_rolling_minute_is_exact_to_the_millisecond()
    {
        var org = await StandardOrgAsync();
        var key = await KeyAsync(org, new { name = "rpm", rpm_limit = 2 });
        (await _client.CompleteAsync(key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        _clock.Advance(TimeSpan.FromSeconds(30));
        (await _client.CompleteAsync(key)).Response.IsSuccessStatusCode.ShouldBeTrue();

        _clock.Advance(TimeSpan.FromMilliseconds(29_999));
        var (refused, error) = await _client.CompleteAsync(key);
        ((int)refused.StatusCode).ShouldBe(429);
        error.Code().ShouldBe("rate_limit_exceeded");
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBe(1);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        (await _client.CompleteAsync(key)).Response.IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task a_trial_key_has_the_hard_caps_and_costs_nothing()
    {
        var org = await _client.SignUpAsync("INR");
        for (var i = 0; i < 60; i++) (await _client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var (r, error) = await _client.CompleteAsync(org.Key);
        ((int)r.StatusCode).ShouldBe(429);
        error.Code().ShouldBe("rate_limit_exceeded");
        (await Db.ScalarAsync<decimal>("select sum((data->>'charged')::numeric) from ledger_events where type = 'V1.RequestCompleted'")).ShouldBe(0m);
        (await Db.ScalarAsync<decimal>("select sum((data->>'provider_cost')::numeric) from ledger_events where type = 'V1.RequestCompleted'")).ShouldBeGreaterThan(0m);
    }

    [Fact]
    public async Task the_daily_cap_resets_at_midnight_in_the_orgs_time_zone()
    {
        var org = await StandardOrgAsync("INR", 1000m);
        var key = await KeyAsync(org, new { name = "daily", daily_limit = 2 });
        _clock.Set(new DateTimeOffset(2026, 3, 10, 18, 29, 0, TimeSpan.Zero)); // 23:59 IST
        (await _client.CompleteAsync(key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        (await _client.CompleteAsync(key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var (r, error) = await _client.CompleteAsync(key);
        ((int)r.StatusCode).ShouldBe(429);
        error.Code().ShouldBe("daily_limit_reached");
        r.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBe(60);

        _clock.Set(new DateTimeOffset(2026, 3, 10, 18, 30, 0, TimeSpan.Zero)); // 00:00 IST
        (await _client.CompleteAsync(key)).Response.IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task a_spent_budget_refuses_with_the_deployments_status_and_an_empty_balance_with_402()
    {
        var org = await StandardOrgAsync("EUR", 100m);
        var key = await KeyAsync(org, new { name = "tiny", budget = 0.001m, budget_period = "day" });
        var (r, error) = await _client.CompleteAsync(key, maxTokens: 1000);
        ((int)r.StatusCode).ShouldBe(402);
        error.Code().ShouldBe("budget_exceeded");

        var poor = await _client.SignUpAsync("EUR");
        await _client.PayAsync(poor.OrgId, 0.001m);
        var served = 0;
        (HttpResponseMessage Response, System.Text.Json.Nodes.JsonObject Body) last;
        while ((last = await _client.CompleteAsync(poor.Key, maxTokens: 5)).Response.IsSuccessStatusCode && served < 100) served++;
        served.ShouldBeGreaterThan(0);
        ((int)last.Response.StatusCode).ShouldBe(402);
        last.Body.Code().ShouldBe("insufficient_credits");
        var (_, balance) = await _client.GetJsonAsync("/me/balance", poor.Key);
        ((decimal)balance["balance"]!).ShouldBeGreaterThanOrEqualTo(0m); // what is left cannot pay for one more, and is not spent
        ((string)last.Body["error"]!["message"]!).ShouldContain("cannot cover this request");
    }

    [Fact]
    public async Task plan_caps_refuse_with_their_own_codes()
    {
        var org = await StandardOrgAsync();
        await _client.SendJsonAsync(HttpMethod.Put, $"/admin/orgs/{org.OrgId}/plan", new { plan = "pro" }, LedgerNode.OperatorToken);
        var keys = new List<string> { org.Key };
        for (var i = 0; i < 4; i++) keys.Add(await KeyAsync(org, new { name = $"k{i}" }));
        for (var i = 0; i < 60; i++) (await _client.CompleteAsync(keys[i % keys.Count])).Response.IsSuccessStatusCode.ShouldBeTrue();

        var (r, error) = await _client.CompleteAsync(keys[0]);
        ((int)r.StatusCode).ShouldBe(429);
        error.Code().ShouldBe("plan_rate_limit_exceeded");
    }

    [Fact]
    public async Task an_unknown_model_is_refused_with_404_and_recorded()
    {
        var org = await StandardOrgAsync();
        var (r, error) = await _client.CompleteAsync(org.Key, model: "gpt-imaginary");
        ((int)r.StatusCode).ShouldBe(404);
        error.Code().ShouldBe("model_not_found");
        (await Db.CountEventsAsync("V1.RequestRejected")).ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "model")]
    [InlineData("""{"model":"gpt-5.1","messages":[]}""", "messages")]
    [InlineData("""{"model":"gpt-5.1","messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("""not json""", "")]
    public async Task a_malformed_chat_request_is_a_400_and_records_nothing(string body, string param)
    {
        var org = await StandardOrgAsync();
        var before = await Db.CountEventsAsync();
        var (r, error) = await _client.SendJsonAsync(HttpMethod.Post, "/v1/chat/completions", body, org.Key);
        ((int)r.StatusCode).ShouldBe(400);
        ((string?)error["error"]!["param"] ?? "").ShouldBe(param == "" ? "" : param);
        (await Db.CountEventsAsync()).ShouldBe(before);
    }
}
