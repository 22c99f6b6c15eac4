using System.Text.Json.Nodes;
using Alba;
using Ledger.Api.Tests.Support;
using Ledger.Testing;
using ModelContextProtocol;

namespace Ledger.Api.Tests.Mcp;

/// <summary>The management tools through the SDK's client over /mcp, on a node whose clock the test moves.</summary>
public sealed class McpToolsTests : GatewayTest
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
    private IAlbaHost _node = null!;
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _node = await NodeAsync(_clock);
        _client = _node.Server.CreateClient();
    }

    private async Task<SignedUp> PaidOrgAsync()
    {
        var org = await _client.SignUpAsync();
        await _client.PayAsync(org.OrgId, 50m);
        return org;
    }

    [Fact]
    public async Task the_http_transport_lists_the_five_tools_with_typed_input_schemas()
    {
        var org = await _client.SignUpAsync();
        await using var mcp = await McpConnections.OverHttpAsync(_node, org.Key);

        var tools = await mcp.ListToolsAsync();

        tools.Select(t => t.Name).Order().ShouldBe(McpConnections.ToolNames);
        tools.ShouldAllBe(t => t.Description.Length > 40);
        var mint = JsonNode.Parse(tools.Single(t => t.Name == "mint_ephemeral_key").JsonSchema.GetRawText())!;
        ((int)mint["properties"]!["ttl_hours"]!["minimum"]!).ShouldBe(1);
        ((int)mint["properties"]!["ttl_hours"]!["maximum"]!).ShouldBe(168);
        ((int)mint["properties"]!["daily_limit"]!["maximum"]!).ShouldBe(1000);
        mint["required"]!.AsArray().Select(n => (string)n!).ShouldBe(["name", "ttl_hours"], ignoreOrder: true);
        var usage = JsonNode.Parse(tools.Single(t => t.Name == "get_usage").JsonSchema.GetRawText())!;
        usage["properties"]!["group_by"]!["enum"]!.AsArray().Select(n => (string?)n).ShouldBe(["model", "provider", "key", "day"]);
    }

    [Fact]
    public async Task an_ephemeral_key_minted_over_mcp_completes_a_chat_and_is_refused_the_management_tools()
    {
        var org = await PaidOrgAsync();
        await using var mcp = await McpConnections.OverHttpAsync(_node, org.Key);

        var minted = (await mcp.CallAsync("mint_ephemeral_key", new { name = "sub-agent", ttl_hours = 2, daily_limit = 50 })).Json();
        ((string)minted["scope"]!).ShouldBe("inference");
        ((int)minted["daily_limit"]!).ShouldBe(50);
        var ephemeral = (string)minted["key"]!;

        var (chat, body) = await _client.CompleteAsync(ephemeral);
        ((int)chat.StatusCode).ShouldBe(200, body.ToJsonString());

        await using var sub = await McpConnections.OverHttpAsync(_node, ephemeral);
        var refused = await Should.ThrowAsync<McpProtocolException>(() => sub.CallAsync("list_keys"));
        refused.Message.ShouldContain("insufficient_scope");
        refused.Message.ShouldContain("inference-only");
        var mintRefused = await Should.ThrowAsync<McpProtocolException>(() => sub.CallAsync("mint_ephemeral_key", new { name = "grandchild", ttl_hours = 1 }));
        mintRefused.Message.ShouldContain("insufficient_scope");
        (await Db.CountEventsAsync("V1.KeyMinted")).ShouldBe(2);
    }

    [Theory]
    [InlineData(0, null, "ttl_hours")]
    [InlineData(169, null, "ttl_hours")]
    [InlineData(24, 1001, "daily_limit")]
    public async Task out_of_range_mint_arguments_are_a_tool_error_naming_the_field_and_record_nothing(int ttl, int? daily, string field)
    {
        var org = await _client.SignUpAsync();
        await using var mcp = await McpConnections.OverHttpAsync(_node, org.Key);
        var before = await Db.CountEventsAsync();

        var result = await mcp.CallAsync("mint_ephemeral_key", new { name = "x", ttl_hours = ttl, daily_limit = daily });

        result.IsError.ShouldBe(true);
        result.Text().ShouldContain(field);
        (await Db.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_misspelt_argument_is_reported_instead_of_ignored()
    {
        var org = await _client.SignUpAsync();
        await using var mcp = await McpConnections.OverHttpAsync(_node, org.Key);

        var result = await mcp.CallAsync("mint_ephemeral_key", new { name = "x", ttl = 2 });

        result.IsError.ShouldBe(true);
        result.Text().ShouldContain("ttl");
    }

    [Fact]
    public async Task revoke_key_refuses_the_callers_own_key_and_revokes_a_minted_one()
    {
        var org = await PaidOrgAsync();
        await using var mcp = await McpConnections.OverHttpAsync(_node, org.Key);
        var minted = (await mcp.CallAsync("mint_ephemeral_key", new { name = "short-job", ttl_hours = 1 })).Json();

        var own = await mcp.CallAsync("revoke_key", new { key_id = org.KeyId });
        own.IsError.ShouldBe(true);
        own.Text().ShouldContain("cannot_revoke_own_key");
        (await _client.GetJsonAsync("/me/balance", org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();

        (await mcp.CallAsync("revoke_key", new { key_id = (string)minted["id"]! })).Json()["revoked"]!.GetValue<bool>().ShouldBeTrue();
        var (r, body) = await _client.CompleteAsync((string)minted["key"]!);
        ((int)r.StatusCode).ShouldBe(401);
        body.Code().ShouldBe("key_revoked");
    }

    [Fact]
    public async Task revoke_key_cannot_reach_another_orgs_key()
    {
        var mine = await _client.SignUpAsync(name: "Mine");
        var theirs = await _client.SignUpAsync(name: "Theirs");
        await using var mcp = await McpConnections.OverHttpAsync(_node, mine.Key);

        var result = await mcp.CallAsync("revoke_key", new { key_id = theirs.KeyId });

        result.IsError.ShouldBe(true);
        result.Text().ShouldContain("not_found");
        (await _client.GetJsonAsync("/me/balance", theirs.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task every_tool_call_appears_in_the_calling_keys_audit_history_with_the_key_as_actor()
    {
        var org = await _client.SignUpAsync();
        await using var mcp = await McpConnections.OverHttpAsync(_node, org.Key);

        (await mcp.CallAsync("get_balance")).Json()["currency"]!.GetValue<string>().ShouldBe("EUR");
        (await mcp.CallAsync("list_keys")).Json()["data"]!.AsArray().Count.ShouldBe(1);
        var minted = (await mcp.CallAsync("mint_ephemeral_key", new { name = "audited", ttl_hours = 3 })).Json();

        var (_, history) = await _client.GetJsonAsync($"/me/keys/{org.KeyId}/events", org.Key);
        var calls = history["data"]!.AsArray().Where(e => (string)e!["type"]! == "V1.KeyToolCalled").ToList();
        calls.Select(c => (string)c!["data"]!["tool"]!).ShouldBe(["get_balance", "list_keys", "mint_ephemeral_key"]);
        calls.ShouldAllBe(c => (string)c!["actor"]! == $"key:{org.KeyId}");
        ((string)calls[2]!["data"]!["summary"]!).ShouldContain((string)minted["id"]!);
        var (_, mintedHistory) = await _client.GetJsonAsync($"/me/keys/{minted["id"]}/events", org.Key);
        ((string)mintedHistory["data"]![0]!["actor"]!).ShouldBe($"key:{org.KeyId}");
    }

    [Fact]
    public async Task an_ephemeral_key_expires_when_the_clock_passes_its_ttl()
    {
        var org = await PaidOrgAsync();
        await using var mcp = await McpConnections.OverHttpAsync(_node, org.Key);
        var key = (string)(await mcp.CallAsync("mint_ephemeral_key", new { name = "two-hours", ttl_hours = 2 })).Json()["key"]!;

        _clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        ((int)(await _client.CompleteAsync(key)).Response.StatusCode).ShouldBe(200);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var (r, body) = await _client.CompleteAsync(key);
        ((int)r.StatusCode).ShouldBe(401);
        body.Code().ShouldBe("key_expired");
        var listed = (await mcp.CallAsync("list_keys")).Json()["data"]!.AsArray();
        listed.Single(k => (bool)k!["ephemeral"]!)!["status"]!.GetValue<string>().ShouldBe("expired");
    }

    [Fact]
    public async Task get_usage_groups_the_orgs_settled_requests_by_model_and_by_key()
    {
        var org = await PaidOrgAsync();
        await using var mcp = await McpConnections.OverHttpAsync(_node, org.Key);
        for (var i = 0; i < 2; i++) ((int)(await _client.CompleteAsync(org.Key)).Response.StatusCode).ShouldBe(200);
        ((int)(await _client.CompleteAsync(org.Key, model: "claude-4")).Response.StatusCode).ShouldBe(200);

        // the usage read model is projected by the daemon: wait (with a deadline) for it to reach our requests
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonObject byModel;
        while ((long)(byModel = (await mcp.CallAsync("get_usage", new { group_by = "model" })).Json())["totals"]!["requests"]! < 3 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var series = byModel["series"]!.AsArray().ToDictionary(s => (string)s!["group"]!, s => (long)s!["requests"]!);
        series.ShouldBe(new Dictionary<string, long> { ["claude-4"] = 1, ["gpt-5.1"] = 2 });
        ((long)byModel["totals"]!["requests"]!).ShouldBe(3);
        ((decimal)byModel["totals"]!["charged"]!).ShouldBeGreaterThan(0m);
        var (_, balance) = await _client.GetJsonAsync("/me/balance", org.Key);
        ((decimal)byModel["totals"]!["charged"]!).ShouldBe((decimal)balance["charged"]!);

        var byKey = (await mcp.CallAsync("get_usage", new { group_by = "key", from = "2026-03-01", to = "2026-04-01" })).Json();
        ((string)byKey["series"]![0]!["group"]!).ShouldBe(org.KeyId.ToString());
        var outside = (await mcp.CallAsync("get_usage", new { from = "2026-02-01", to = "2026-03-01" })).Json();
        outside["series"]!.AsArray().ShouldBeEmpty();
        (await mcp.CallAsync("get_usage", new { group_by = "week" })).Text().ShouldContain("group_by");
    }
}
