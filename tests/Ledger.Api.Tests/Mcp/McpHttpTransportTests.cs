using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Mcp;

/// <summary>The streamable-HTTP rules at /mcp, as raw HTTP: stateless, so no session ids; methods; keys.</summary>
public sealed class McpHttpTransportTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    private const string Initialize = """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
        """;

    private static HttpRequestMessage Post(string json, string? key, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }

    [Fact]
    public async Task initialize_is_answered_on_the_post_without_a_session_id_and_later_requests_need_none()
    {
        var org = await Client.SignUpAsync();

        using var initialize = await Client.SendAsync(Post(Initialize, org.Key));
        initialize.StatusCode.ShouldBe(HttpStatusCode.OK);
        initialize.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        (await initialize.Content.ReadAsStringAsync()).ShouldContain("\"serverInfo\"");
        initialize.Headers.Contains("Mcp-Session-Id").ShouldBeFalse();
        using var initialized = await Client.SendAsync(Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", org.Key));
        initialized.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        using var list = await Client.SendAsync(Post("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", org.Key));
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await list.Content.ReadAsStringAsync();
        body.ShouldContain("\"id\":2");
        body.ShouldContain("\"mint_ephemeral_key\"");
    }

    [Fact]
    public async Task requests_without_a_key_or_with_a_wrong_key_get_the_apis_401()
    {
        var (missing, missingBody) = await SendAsync(Post(Initialize, key: null));
        var (wrong, wrongBody) = await SendAsync(Post(Initialize, key: "br-not-a-key-of-this-ledger"));

        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        missingBody.Code().ShouldBe("invalid_api_key");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrongBody.Code().ShouldBe("invalid_api_key");
    }

    [Fact]
    public async Task a_body_that_is_not_json_rpc_or_a_page_of_another_origin_is_refused()
    {
        var org = await Client.SignUpAsync();

        (await Client.SendAsync(Post("{not json", org.Key))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.SendAsync(Post(Initialize, org.Key, origin: "https://attacker.example"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Client.SendAsync(Post(Initialize, org.Key, origin: "http://localhost"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task with_no_session_and_no_server_stream_get_and_delete_answer_405(string method)
    {
        var org = await Client.SignUpAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/mcp");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", org.Key);
        request.Headers.Accept.ParseAdd("text/event-stream");

        var r = await Client.SendAsync(request);

        r.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        r.Content.Headers.Allow.ShouldBe(["POST"]);
    }

    private async Task<(HttpResponseMessage, JsonObject)> SendAsync(HttpRequestMessage request)
    {
        var response = await Client.SendAsync(request);
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
