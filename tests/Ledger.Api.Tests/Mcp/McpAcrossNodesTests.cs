using System.Net;
using Alba;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Mcp;

/// <summary>Two gateway nodes over one database behind a balancer without affinity: an MCP client is served by either.</summary>
public sealed class McpAcrossNodesTests : GatewayTest
{
    private IAlbaHost _a = null!;
    private IAlbaHost _b = null!;
    private HttpClient _api = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _a = await NodeAsync();
        _b = await NodeAsync();
        _api = _a.Server.CreateClient();
    }

    [Theory]
    [InlineData("2025-11-25")] // initialize handshake, which a stateful server would answer with a session id
    [InlineData(null)] // the client's default: revision 2026-07-28, no handshake
    public async Task a_client_connected_on_one_node_makes_its_next_tool_calls_on_the_other(string? protocolVersion)
    {
        var org = await _api.SignUpAsync();
        var balancer = new NodeSwitch(_a);
        await using var mcp = await McpConnections.OverHttpAsync(balancer.Client(), org.Key, protocolVersion);
        var onA = balancer.SentTo(_a);

        balancer.MoveTo(_b);
        var minted = (await mcp.CallAsync("mint_ephemeral_key", new { name = "moved", ttl_hours = 1 })).Json();
        var listed = (await mcp.CallAsync("list_keys")).Json()["data"]!.AsArray();

        onA.ShouldBeGreaterThan(0);
        balancer.SentTo(_a).ShouldBe(onA);
        balancer.SentTo(_b).ShouldBeGreaterThanOrEqualTo(2);
        listed.Select(k => (string)k!["id"]!).ShouldContain((string)minted["id"]!);
        var (_, history) = await _api.GetJsonAsync($"/me/keys/{org.KeyId}/events", org.Key);
        history["data"]!.AsArray().Where(e => (string)e!["type"]! == "V1.KeyToolCalled").Select(e => (string)e!["data"]!["tool"]!)
            .ShouldBe(["mint_ephemeral_key", "list_keys"]);
    }

    [Fact]
    public async Task a_key_revoked_on_one_node_is_refused_on_the_other_at_its_next_call()
    {
        var org = await _api.SignUpAsync();
        var (_, agentKey) = await _api.PostAsync("/me/keys", new { name = "agent" }, org.Key);
        var balancer = new NodeSwitch(_b);
        await using var mcp = await McpConnections.OverHttpAsync(balancer.Client(), (string)agentKey["key"]!, "2025-11-25");
        (await mcp.CallAsync("get_balance")).Json();

        (await _api.SendJsonAsync(HttpMethod.Delete, $"/me/keys/{agentKey["id"]}", key: org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var refused = await Should.ThrowAsync<HttpRequestException>(() => mcp.CallAsync("get_balance"));

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Message.ShouldContain("key_revoked");
        (await Db.CountEventsAsync("V1.KeyToolCalled")).ShouldBe(1);
    }
}
