using Ledger.Api.Tests.Support;
using Ledger.Testing;

namespace Ledger.Api.Tests.Ops;

/// <summary>Anonymous callers get a status, a code and a plain message; exception text goes to the log and the operator.</summary>
public sealed class ErrorDisclosureTests : GatewayTest
{
    // what System.Text.Json and Npgsql put in their messages
    private static readonly string[] ParserText = ["LineNumber", "BytePosition", "Path:", "System.", "invalid start of a value", "could not be converted"];

    [Fact]
    public async Task with_the_database_unreachable_an_anonymous_readyz_says_so_without_the_database_error_and_the_operator_sees_it()
    {
        await using var link = DatabaseLink.To(Db.ConnectionString);
        var client = (await NodeAsync(settings: new Dictionary<string, string?> { ["Ledger:Db"] = link.ConnectionString })).Server.CreateClient();
        ((int)(await client.GetAsync("/readyz")).StatusCode).ShouldBe(200);

        link.Cut();
        var (anonymous, verdict) = await client.GetJsonAsync("/readyz");
        var (r, detail) = await client.GetJsonAsync("/readyz", LedgerNode.OperatorToken);
        link.Restore();

        ((int)anonymous.StatusCode).ShouldBe(503);
        verdict.Select(p => p.Key).Order().ShouldBe(["code", "message", "ready", "status"]);
        ((string)verdict["code"]!).ShouldBe("database_unreachable");
        ((string)verdict["message"]!).ShouldBe("The ledger database is unreachable.");
        ((int)r.StatusCode).ShouldBe(503);
        ((bool)detail["database"]!["ok"]!).ShouldBeFalse();
        var error = (string)detail["database"]!["error"]!;
        error.ShouldNotBeNullOrEmpty();
        verdict.ToJsonString().ShouldNotContain(error);
    }

    [Theory]
    [InlineData("/signup", """{"org_name":"Acme","email":""", null)]
    [InlineData("/signup", """{"org_name":"Acme" "email":"a@b.example"}""", null)]
    [InlineData("/signup", """{"org_name":42,"email":"a@b.example","currency":"EUR"}""", "org_name")]
    [InlineData("/me/keys", """{"name":"x",}""", null)]
    [InlineData("/v1/chat/completions", """{"model":"gpt-5.1","messages":[}""", null)]
    public async Task a_malformed_body_is_a_400_naming_the_problem_without_the_parsers_text(string url, string body, string? field)
    {
        var client = (await NodeAsync()).Server.CreateClient();
        var org = await client.SignUpAsync();

        var (r, error) = await client.SendJsonAsync(HttpMethod.Post, url, body, org.Key);

        ((int)r.StatusCode).ShouldBe(400, error.ToJsonString());
        var message = (string)error["error"]!["message"]!;
        message.ShouldContain(field is null ? "not valid JSON" : $"'{field}'");
        foreach (var text in ParserText) message.ShouldNotContain(text);
        if (url != "/v1/chat/completions") error.Code().ShouldBe("invalid_json");
        if (field is not null) ((string)error["error"]!["param"]!).ShouldBe(field);
    }

    [Fact]
    public async Task a_malformed_patch_body_is_invalid_json_without_the_parsers_text()
    {
        var client = (await NodeAsync()).Server.CreateClient();
        var org = await client.SignUpAsync();

        var (r, error) = await client.SendJsonAsync(HttpMethod.Patch, $"/me/keys/{org.KeyId}", """{"name": tru}""", org.Key);

        ((int)r.StatusCode).ShouldBe(400);
        error.Code().ShouldBe("invalid_json");
        ((string)error["error"]!["message"]!).ShouldBe("The body is not valid JSON.");
    }
}
