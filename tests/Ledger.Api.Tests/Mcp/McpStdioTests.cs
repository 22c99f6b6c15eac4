using Ledger.Api.Tests.Support;
using ModelContextProtocol;

namespace Ledger.Api.Tests.Mcp;

/// <summary>The `mcp` verb of the built Ledger program, launched by the SDK's stdio client as an agent would.</summary>
public sealed class McpStdioTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    [Fact]
    public async Task the_stdio_verb_lists_the_tools_and_mints_an_ephemeral_key_as_the_key_in_LEDGER_API_KEY()
    {
        var org = await Client.SignUpAsync();
        await Client.PayAsync(org.OrgId, 20m);
        var stderr = new List<string>();
        await using var mcp = await McpConnections.OverStdioAsync(gateway.Database.ConnectionString, org.Key, stderr);

        (await mcp.ListToolsAsync()).Select(t => t.Name).Order().ShouldBe(McpConnections.ToolNames);
        var minted = (await mcp.CallAsync("mint_ephemeral_key", new { name = "from-stdio", ttl_hours = 24 })).Json();

        var (chat, body) = await Client.CompleteAsync((string)minted["key"]!);
        ((int)chat.StatusCode).ShouldBe(200, body.ToJsonString());
        var (_, history) = await Client.GetJsonAsync($"/me/keys/{org.KeyId}/events", org.Key);
        history["data"]!.AsArray().ShouldContain(e => (string)e!["type"]! == "V1.KeyToolCalled" && (string)e["actor"]! == $"key:{org.KeyId}",
            string.Join("\n", stderr));
    }

    [Fact]
    public async Task the_stdio_verb_refuses_tool_calls_from_an_inference_only_key_naming_the_scope()
    {
        var org = await Client.SignUpAsync();
        var (_, inference) = await Client.PostAsync("/me/keys", new { name = "bot", scope = "inference" }, org.Key);
        await using var mcp = await McpConnections.OverStdioAsync(gateway.Database.ConnectionString, (string)inference["key"]!);

        var refused = await Should.ThrowAsync<McpProtocolException>(() => mcp.CallAsync("get_balance"));

        refused.Message.ShouldContain("insufficient_scope");
        (await gateway.Database.CountEventsAsync("V1.KeyToolCalled")).ShouldBe(0);
    }
}
