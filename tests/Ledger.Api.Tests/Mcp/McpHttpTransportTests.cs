using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Mcp;

/// <summary>The streamable-HTTP rules at /mcp, as raw HTTP: sessions, methods, keys.</summary>
public sealed class McpHttpTransportTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    private const string Initialize = """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
        """;

    private static HttpRequestMessage Post(string json, string? key, string? session = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (session is not null) request.Headers.Add("Mcp-Session-Id", session);
        return request;
    }

    private async Task<string> OpenSessionAsync(string key)
    {
        using var r = await Client.SendAsync(Post(Initialize, key));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        (await r.Content.ReadAsStringAsync()).ShouldContain("\"serverInfo\"");
        var session = r.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await Client.SendAsync(Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", key, session));
        initialized.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return session;
    }

    [Fact]
    public async Task a_session_opens_with_initialize_answers_on_the_post_and_ends_with_delete()
    {
        var org = await Client.SignUpAsync();
        var session = await OpenSessionAsync(org.Key);

        using var ping = await Client.SendAsync(Post("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", org.Key, session));
        ping.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ping.Content.ReadAsStringAsync()).ShouldContain("\"id\":2");

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", org.Key);
        delete.Headers.Add("Mcp-Session-Id", session);
        (await Client.SendAsync(delete)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Client.SendAsync(Post("""{"jsonrpc":"2.0","id":3,"method":"ping"}""", org.Key, session))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task requests_without_a_key_without_a_session_or_with_someone_elses_session_are_refused()
    {
        var org = await Client.SignUpAsync(name: "Owner");
        var other = await Client.SignUpAsync(name: "Other");
        var session = await OpenSessionAsync(org.Key);

        (await Client.SendAsync(Post(Initialize, key: null))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Client.SendAsync(Post("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", org.Key))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.SendAsync(Post("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", org.Key, "no-such-session"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(Post("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", other.Key, session))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Client.SendAsync(Post("{not json", org.Key, session))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task get_has_no_server_stream_and_answers_405()
    {
        var org = await Client.SignUpAsync();
        using var get = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", org.Key);
        get.Headers.Accept.ParseAdd("text/event-stream");

        var r = await Client.SendAsync(get);

        r.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        r.Content.Headers.Allow.ShouldBe(["POST", "DELETE"], ignoreOrder: true);
    }
}
