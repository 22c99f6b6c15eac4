using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Orgs;

public sealed class SigningUpTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    [Fact]
    public async Task signup_creates_a_trial_org_and_shows_its_full_scope_key_once()
    {
        var (r, body) = await Client.PostAsync("/signup", new { org_name = "Acme", email = "a@acme.example", currency = "INR" });

        ((int)r.StatusCode).ShouldBe(201);
        ((string)body["key"]!).ShouldStartWith("br-trial-");
        ((string)body["tier"]!).ShouldBe("trial");
        ((string)body["timezone"]!).ShouldBe("Asia/Kolkata");
        var (_, keys) = await Client.GetJsonAsync("/me/keys", (string)body["key"]!);
        var listed = keys["data"]!.AsArray().Single()!;
        ((string)listed["scope"]!).ShouldBe("full");
        ((string)listed["prefix"]!).ShouldBe(((string)body["key"]!)[..12]);
        keys.ToJsonString().ShouldNotContain((string)body["key"]!);
    }

    [Theory]
    [InlineData("""{"org_name":"","email":"a@b.example","currency":"EUR"}""", "org_name")]
    [InlineData("""{"org_name":"A","email":"not-an-email","currency":"EUR"}""", "email")]
    [InlineData("""{"org_name":"A","email":"a@b.example","currency":"USD"}""", "currency")]
    [InlineData("""{"org_name":"A","email":"a@b.example","currency":"EUR","timezone":"Mars/Base"}""", "timezone")]
    [InlineData("""{"org_name":42,"email":"a@b.example","currency":"EUR"}""", "org_name")]
    public async Task a_bad_signup_is_refused_naming_the_field_and_records_nothing(string body, string field)
    {
        var before = await gateway.Database.CountEventsAsync();
        var (r, error) = await Client.SendJsonAsync(HttpMethod.Post, "/signup", body);

        ((int)r.StatusCode).ShouldBe(400);
        ((string)error["error"]!["message"]! + (string?)error["error"]!["param"]).ShouldContain(field);
        (await gateway.Database.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_operator_api_refuses_a_missing_or_wrong_token()
    {
        var org = await Client.SignUpAsync();
        var (none, _) = await Client.PostAsync($"/admin/orgs/{org.OrgId}/payments", new { amount = 10, currency = "EUR", reference = "x" });
        var (wrong, _) = await Client.PostAsync($"/admin/orgs/{org.OrgId}/payments", new { amount = 10, currency = "EUR", reference = "x" }, org.Key);
        ((int)none.StatusCode).ShouldBe(401);
        ((int)wrong.StatusCode).ShouldBe(401);
    }

    [Fact]
    public async Task a_payment_makes_the_org_standard_and_is_idempotent_by_reference()
    {
        var org = await Client.SignUpAsync();
        await Client.PayAsync(org.OrgId, 50m, reference: "inv-1");
        await Client.PayAsync(org.OrgId, 50m, reference: "inv-1");

        var (_, balance) = await Client.GetJsonAsync("/me/balance", org.Key);
        ((decimal)balance["balance"]!).ShouldBe(50m);
        ((string)balance["tier"]!).ShouldBe("standard");
        var (_, minted) = await Client.PostAsync("/me/keys", new { name = "prod" }, org.Key);
        ((string)minted["key"]!).ShouldStartWith("br-");
        ((string)minted["key"]!).ShouldNotStartWith("br-trial-");
    }

    [Fact]
    public async Task a_payment_in_another_currency_is_refused()
    {
        var org = await Client.SignUpAsync("INR");
        var (r, body) = await Client.PostAsync($"/admin/orgs/{org.OrgId}/payments",
            new { amount = 10, currency = "EUR", reference = "r" }, LedgerNode.OperatorToken);
        ((int)r.StatusCode).ShouldBe(400);
        body.Code().ShouldBe("currency_mismatch");
    }

    [Fact]
    public async Task plan_change_applies_the_configured_terms()
    {
        var org = await Client.SignUpAsync();
        var (r, _) = await Client.SendJsonAsync(HttpMethod.Put, $"/admin/orgs/{org.OrgId}/plan", new { plan = "pro" }, LedgerNode.OperatorToken);
        r.IsSuccessStatusCode.ShouldBeTrue();

        var (_, plan) = await Client.GetJsonAsync("/me/plan", org.Key);
        ((string)plan["name"]!).ShouldBe("pro");
        ((int)plan["monthly_limit"]!).ShouldBe(100_000);
        ((int)plan["daily_limit"]!).ShouldBe(5_000);
        ((int)plan["rpm_limit"]!).ShouldBe(60);
        ((decimal)plan["markup_percent"]!).ShouldBe(15m);
        var (unknown, err) = await Client.SendJsonAsync(HttpMethod.Put, $"/admin/orgs/{org.OrgId}/plan", new { plan = "gold" }, LedgerNode.OperatorToken);
        ((int)unknown.StatusCode).ShouldBe(400);
        ((string)err["error"]!["param"]!).ShouldBe("plan");
    }

    [Fact]
    public async Task me_tells_a_key_holder_its_org_and_regions()
    {
        var org = await Client.SignUpAsync("INR");
        var (r, me) = await Client.GetJsonAsync("/me", org.Key);
        ((int)r.StatusCode).ShouldBe(200);
        ((string)me["org_id"]!).ShouldBe(org.OrgId.ToString());
        ((string)me["timezone"]!).ShouldBe("Asia/Kolkata");
        me["regions"]!.AsArray().Select(x => (string)x!).ShouldBe(["in"]);
        ((string)me["key_id"]!).ShouldBe(org.KeyId.ToString());
    }
}
