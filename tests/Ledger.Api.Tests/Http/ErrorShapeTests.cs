using Alba;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Http;

/// <summary>
/// A refused request answers in OpenAI's error shape, {"error": {"message", "type", "code", "param"}}
/// and nothing else, as Alba scenarios on the shared node: the status and headers checked by the
/// scenario, the body read back with the gateway's own JSON options (which refuse a field the shape
/// does not have).
/// </summary>
public sealed class ErrorShapeTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private sealed record OpenAiError(OpenAiErrorDetail Error);

    private sealed record OpenAiErrorDetail(string Message, string Type, string Code, string? Param);

    [Fact]
    public async Task a_signup_body_that_is_not_json_is_400_invalid_json_and_records_nothing()
    {
        var before = await gateway.Database.CountEventsAsync();

        var result = await gateway.Host.Scenario(s =>
        {
            s.Post.RawJson("""{"org_name":"Acme","email":""").ToUrl("/signup");
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/json; charset=utf-8");
        });

        var error = (await result.ReadAsJsonAsync<OpenAiError>()).Error;
        error.ShouldBe(new OpenAiErrorDetail("The body is not valid JSON.", "invalid_request_error", "invalid_json", null));
        (await gateway.Database.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_request_with_no_key_is_401_invalid_api_key_with_a_bearer_challenge()
    {
        var result = await gateway.Host.Scenario(s =>
        {
            s.Get.Url("/me");
            s.StatusCodeShouldBe(401);
            s.Header("WWW-Authenticate").SingleValueShouldEqual("Bearer");
        });

        var error = (await result.ReadAsJsonAsync<OpenAiError>()).Error;
        (error.Type, error.Code, error.Param).ShouldBe(("authentication_error", "invalid_api_key", (string?)null));
        error.Message.ShouldContain("Authorization: Bearer");
    }

    [Fact]
    public async Task an_org_key_on_an_operator_route_is_refused_in_the_same_shape()
    {
        var org = await gateway.Client.SignUpAsync();

        var result = await gateway.Host.Scenario(s =>
        {
            s.Put.RawJson("""{"plan":"pro"}""").ToUrl($"/admin/orgs/{org.OrgId}/plan");
            s.WithBearerToken(org.Key);
            s.StatusCodeShouldBe(401);
        });

        var error = (await result.ReadAsJsonAsync<OpenAiError>()).Error;
        (error.Type, error.Code).ShouldBe(("authentication_error", "invalid_operator_token"));
        error.Message.ShouldNotContain(org.Key);
        var (_, me) = await gateway.Client.GetJsonAsync("/me", org.Key);
        ((string)me["plan"]!).ShouldBe("free");
    }
}
