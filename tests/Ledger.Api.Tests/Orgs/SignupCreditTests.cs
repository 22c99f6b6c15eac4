using Ledger.Api.Tests.Support;
using Ledger.Testing;

namespace Ledger.Api.Tests.Orgs;

/// <summary>The promotional pool is small here so that contention is real.</summary>
public sealed class SignupCreditTests : GatewayTest
{
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = (await NodeAsync(settings: new Dictionary<string, string?> { ["Ledger:Promo:PoolSize"] = "7" })).Server.CreateClient();
    }

    [Fact]
    public async Task claiming_credits_the_org_once_and_makes_it_standard()
    {
        var org = await _client.SignUpAsync("INR");
        var (r, claim) = await _client.PostAsync("/me/credits/claim", new { }, org.Key);
        ((int)r.StatusCode).ShouldBe(200);
        ((decimal)claim["amount"]!).ShouldBe(100m);
        ((string)claim["tier"]!).ShouldBe("standard");

        var (again, error) = await _client.PostAsync("/me/credits/claim", new { }, org.Key);
        ((int)again.StatusCode).ShouldBe(409);
        error.Code().ShouldBe("credit_already_claimed");
        var (_, balance) = await _client.GetJsonAsync("/me/balance", org.Key);
        ((decimal)balance["balance"]!).ShouldBe(100m);
    }

    [Fact]
    public async Task under_concurrency_exactly_as_many_claims_succeed_as_the_pool_holds()
    {
        var (_, promo) = await _client.GetJsonAsync("/promo");
        var left = (int)promo["remaining"]!;
        var orgs = await Task.WhenAll(Enumerable.Range(0, left + 5).Select(i => _client.SignUpAsync(name: $"org{i}")));

        var claims = await Task.WhenAll(orgs.Select(o => _client.PostAsync("/me/credits/claim", new { }, o.Key)));

        claims.Count(c => c.Response.IsSuccessStatusCode).ShouldBe(left);
        claims.Where(c => !c.Response.IsSuccessStatusCode).ShouldAllBe(c => c.Body.Code() == "promo_exhausted");
        var (_, after) = await _client.GetJsonAsync("/promo");
        ((int)after["remaining"]!).ShouldBe(0);
        (await Db.CountEventsAsync("V1.PromoCreditTaken")).ShouldBe(7);
    }
}
