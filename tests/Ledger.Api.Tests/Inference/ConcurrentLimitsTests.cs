using Ledger.Api.Tests.Support;
using Ledger.Testing;

namespace Ledger.Api.Tests.Inference;

/// <summary>Limits under parallel load, on one node and across two nodes sharing one database.</summary>
public sealed class ConcurrentLimitsTests : GatewayTest
{
    private HttpClient _a = null!;
    private HttpClient _b = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _a = (await NodeAsync()).Server.CreateClient();
        _b = (await NodeAsync()).Server.CreateClient();
    }

    private async Task<(SignedUp Org, string Key)> KeyAsync(object spec, decimal credit = 1000m)
    {
        var org = await _a.SignUpAsync();
        await _a.PayAsync(org.OrgId, credit);
        return (org, (string)(await _a.PostAsync("/me/keys", spec, org.Key)).Body["key"]!);
    }

    [Fact]
    public async Task fifty_parallel_requests_on_a_key_with_rpm_10_admit_exactly_10()
    {
        var (_, key) = await KeyAsync(new { name = "rpm10", rpm_limit = 10 });
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _a.CompleteAsync(key)));

        results.Count(r => (int)r.Response.StatusCode == 200).ShouldBe(10);
        results.Where(r => (int)r.Response.StatusCode != 200).ShouldAllBe(r => r.Body.Code() == "rate_limit_exceeded");
    }

    [Fact]
    public async Task two_gateway_nodes_enforce_one_limit_together()
    {
        var (_, key) = await KeyAsync(new { name = "shared", rpm_limit = 7 });
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? _a : _b).CompleteAsync(key)));

        results.Count(r => (int)r.Response.StatusCode == 200).ShouldBe(7);
    }

    [Fact]
    public async Task a_revocation_on_one_node_is_refused_on_the_other_at_once()
    {
        var (org, key) = await KeyAsync(new { name = "doomed" });
        (await _b.CompleteAsync(key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var id = (await _a.GetJsonAsync("/me/keys", org.Key)).Body["data"]!.AsArray().First(k => (string)k!["name"]! == "doomed")!["id"]!;

        await _a.SendJsonAsync(HttpMethod.Delete, $"/me/keys/{id}", null, org.Key);
        var revokedAt = DateTimeOffset.UtcNow;
        var (r, error) = await _b.CompleteAsync(key);

        ((int)r.StatusCode).ShouldBe(401);
        error.Code().ShouldBe("key_revoked");
        (DateTimeOffset.UtcNow - revokedAt).ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task parallel_requests_near_a_budget_never_overshoot_it_with_max_tokens()
    {
        const decimal budget = 0.05m;
        var (org, key) = await KeyAsync(new { name = "capped", budget, budget_period = "month" });
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? _a : _b).PostAsync("/v1/chat/completions",
            Chat.Body(content: "Write a long story about ledgers and the people who keep them", maxTokens: 600), key)));

        results.Count(r => (int)r.Response.StatusCode == 200).ShouldBeGreaterThan(0);
        results.Count(r => r.Body.Code() == "budget_exceeded").ShouldBeGreaterThan(0);
        var spent = await Db.ScalarAsync<decimal>($"select coalesce(sum((data->>'charged')::numeric), 0) from ledger_events where type = 'V1.RequestCompleted' and org_id = '{org.OrgId}' and data->>'key_id' <> '{org.KeyId}'");
        spent.ShouldBeLessThanOrEqualTo(budget);
        var (_, keys) = await _a.GetJsonAsync("/me/keys", org.Key);
        var view = keys["data"]!.AsArray().First(k => (string)k!["name"]! == "capped")!;
        ((decimal)view["spent_month"]!).ShouldBe(spent);
        ((decimal)view["in_flight"]!).ShouldBe(0m);
    }

    [Fact]
    public async Task parallel_requests_on_two_nodes_never_drive_a_prepaid_balance_below_zero_with_max_tokens()
    {
        // mistral-lg has one provider, and a 5-token cap cuts every answer to exactly 5 tokens: each request
        // costs exactly what it reserved, so admitting one more than the balance covers would show as debt
        const decimal paid = 0.001m;
        var org = await _a.SignUpAsync();
        await _a.PayAsync(org.OrgId, paid);
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? _a : _b).PostAsync("/v1/chat/completions",
            Chat.Body(model: "mistral-lg", content: "Write a long story about ledgers and the people who keep them", maxTokens: 5), org.Key)));

        var served = results.Count(r => (int)r.Response.StatusCode == 200);
        results.Where(r => (int)r.Response.StatusCode != 200).ShouldAllBe(r => r.Body.Code() == "insufficient_credits");
        var completed = $"from ledger_events where type = 'V1.RequestCompleted' and org_id = '{org.OrgId}'";
        var charged = await Db.ScalarAsync<decimal>($"select coalesce(sum((data->>'charged')::numeric), 0) {completed}");
        var reserve = await Db.ScalarAsync<decimal>($"select max((data->>'reserved')::numeric) {completed}");
        (await Db.ScalarAsync<decimal>($"select min((data->>'charged')::numeric) {completed}")).ShouldBe(reserve);
        served.ShouldBe((int)Math.Floor(paid / reserve));
        charged.ShouldBeLessThanOrEqualTo(paid);
        var (_, balance) = await Wait.ForAsync(() => _a.GetJsonAsync("/me/balance", org.Key), b => (decimal)b.Body["balance"]! == paid - charged);
        ((decimal)balance["balance"]!).ShouldBe(paid - charged);
    }
}
