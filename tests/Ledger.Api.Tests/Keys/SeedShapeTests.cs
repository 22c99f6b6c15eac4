using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Keys;

/// <summary>
/// The INR seed page's key call, exactly: POST /me/keys {"name", "budget_inr", "expires_days"} answering
/// {"key", "tier", "budget_inr", "expires_days"}; and the currency-named budget on every key answer.
/// </summary>
public sealed class SeedShapeTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    [Fact]
    public async Task the_inr_seed_request_gets_the_seed_answer()
    {
        var org = await Client.SignUpAsync("INR");

        var (r, minted) = await Client.SendJsonAsync(HttpMethod.Post, "/me/keys",
            """{"name": "prod-backend", "budget_inr": 500, "expires_days": 90}""", org.Key);

        ((int)r.StatusCode).ShouldBe(201, minted.ToJsonString());
        ((string)minted["key"]!).ShouldStartWith("br-");
        ((string)minted["tier"]!).ShouldBe("trial");
        ((decimal)minted["budget_inr"]!).ShouldBe(500m);
        ((int)minted["expires_days"]!).ShouldBe(90);
        // and what ours always said, unchanged
        ((decimal)minted["budget"]!).ShouldBe(500m);
        ((string)minted["currency"]!).ShouldBe("INR");
        minted.ContainsKey("budget_eur").ShouldBeFalse();
    }

    [Fact]
    public async Task reads_and_patches_name_the_budget_in_the_orgs_currency_even_when_there_is_none()
    {
        var org = await Client.SignUpAsync("INR");
        var (_, minted) = await Client.PostAsync("/me/keys", new { name = "b", budget = 200 }, org.Key);
        ((decimal)minted["budget_inr"]!).ShouldBe(200m);

        var (_, one) = await Client.GetJsonAsync($"/me/keys/{minted["id"]}", org.Key);
        ((decimal)one["budget_inr"]!).ShouldBe(200m);
        var (_, list) = await Client.GetJsonAsync("/me/keys", org.Key);
        var signupKey = list["data"]!.AsArray().Single(k => (string)k!["id"]! == org.KeyId.ToString())!.AsObject();
        signupKey.ContainsKey("budget_inr").ShouldBeTrue();
        signupKey["budget_inr"].ShouldBeNull();   // no budget: the field is there, null, like budget

        var (p, patched) = await Client.SendJsonAsync(HttpMethod.Patch, $"/me/keys/{minted["id"]}", """{"budget_inr": 300}""", org.Key);
        ((int)p.StatusCode).ShouldBe(200, patched.ToJsonString());
        ((decimal)patched["budget_inr"]!).ShouldBe(300m);
        ((decimal)patched["budget"]!).ShouldBe(300m);
    }

    [Fact]
    public async Task a_eur_org_answers_budget_eur()
    {
        var org = await Client.SignUpAsync("EUR");
        var (_, minted) = await Client.PostAsync("/me/keys", new { name = "e", budget_eur = 50 }, org.Key);
        ((decimal)minted["budget_eur"]!).ShouldBe(50m);
        minted.ContainsKey("budget_inr").ShouldBeFalse();
        var (_, one) = await Client.GetJsonAsync($"/me/keys/{minted["id"]}", org.Key);
        ((decimal)one["budget_eur"]!).ShouldBe(50m);
    }
}
