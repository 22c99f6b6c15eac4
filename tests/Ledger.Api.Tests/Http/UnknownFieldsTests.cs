using System.Text.Json.Nodes;
using Alba;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Http;

/// <summary>A management body with a field its endpoint does not take is refused, naming the field, and records nothing.</summary>
public sealed class UnknownFieldsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    public static TheoryData<string, string, string, string> Routes => new()
    {
        // method, route ({org}, {key} filled in), body, the unknown field
        { "POST", "/signup", """{"org_name":"Acme","email":"ops@acme.example","currency":"EUR","time_zone":"Europe/Paris"}""", "time_zone" },
        { "POST", "/me/keys", """{"name":"x","rpm_limt":5}""", "rpm_limt" },
        { "POST", "/me/keys", """{"name":"x","budget_inr":100,"budget_usd":5}""", "budget_usd" },
        { "PATCH", "/me/keys/{key}", """{"rpm_limt":5}""", "rpm_limt" },
        { "POST", "/me/keys/ephemeral", """{"name":"x","ttl_hours":1,"daily_limt":3}""", "daily_limt" },
        { "POST", "/me/credits/claim", """{"amount":1000}""", "amount" },
        { "POST", "/admin/orgs/{org}/payments", """{"amount":10,"currency":"INR","reference":"r-1","refrence":"r-2"}""", "refrence" },
        { "PUT", "/admin/orgs/{org}/plan", """{"plan":"pro","markup_percent":0}""", "markup_percent" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task an_unknown_field_is_400_naming_it_and_nothing_is_recorded(string method, string route, string body, string field)
    {
        var org = await Client.SignUpAsync("INR");
        var url = route.Replace("{org}", org.OrgId.ToString()).Replace("{key}", org.KeyId.ToString());
        var token = url.StartsWith("/admin") ? LedgerNode.OperatorToken : url == "/signup" ? null : org.Key;
        var before = await gateway.Database.CountEventsAsync();

        var (r, error) = await Client.SendJsonAsync(new HttpMethod(method), url, body, token);

        ((int)r.StatusCode).ShouldBe(400, error.ToJsonString());
        error.Code().ShouldBe("unknown_field");
        ((string)error["error"]!["type"]!).ShouldBe("invalid_request_error");
        ((string)error["error"]!["param"]!).ShouldBe(field);
        ((string)error["error"]!["message"]!).ShouldContain($"'{field}'");
        ((string)error["error"]!["message"]!).ShouldNotContain(".NET");   // no parser text, no type names
        (await gateway.Database.CountEventsAsync()).ShouldBe(before);
        var (_, keys) = await Client.GetJsonAsync("/me/keys", org.Key);
        keys["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_seed_aliases_and_known_fields_still_mint()
    {
        var org = await Client.SignUpAsync("INR");
        var (r, body) = await Client.SendJsonAsync(HttpMethod.Post, "/me/keys", """{"name":"seed","budget_inr":500,"expires_days":90,"rpm_limit":5}""", org.Key);
        ((int)r.StatusCode).ShouldBe(201, body.ToJsonString());
        ((int)body["rpm_limit"]!).ShouldBe(5);
    }

    [Fact]
    public async Task a_known_field_of_the_wrong_type_is_still_invalid_json_not_unknown()
    {
        var org = await Client.SignUpAsync();

        var result = await gateway.Host.Scenario(s =>
        {
            s.Post.RawJson("""{"name":"x","rpm_limit":"five"}""").ToUrl("/me/keys");
            s.WithBearerToken(org.Key);
            s.StatusCodeShouldBe(400);
        });

        var error = await result.ReadAsJsonAsync<JsonObject>();
        error.Code().ShouldBe("invalid_json");
        ((string)error["error"]!["param"]!).ShouldBe("rpm_limit");
    }

    [Fact]
    public async Task inference_bodies_keep_accepting_openai_fields_the_gateway_does_not_read()
    {
        var org = await Client.SignUpAsync();
        await Client.PayAsync(org.OrgId, 100m);
        var (r, body) = await Client.SendJsonAsync(HttpMethod.Post, "/v1/chat/completions",
            """{"model":"gpt-5.1","messages":[{"role":"user","content":"hi"}],"user":"u-1","seed":7,"some_future_field":{"x":1}}""", org.Key);
        ((int)r.StatusCode).ShouldBe(200, body.ToJsonString());
    }
}
