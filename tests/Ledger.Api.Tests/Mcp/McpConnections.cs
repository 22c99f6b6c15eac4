using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Ledger.Api.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Ledger.Api.Tests.Mcp;

/// <summary>Connects the SDK's MCP client to the gateway, over HTTP or by launching the Ledger program's `mcp` verb.</summary>
public static class McpConnections
{
    public static readonly string[] ToolNames = ["get_balance", "get_usage", "list_keys", "mint_ephemeral_key", "revoke_key"];

    /// <summary>Streamable HTTP at /mcp, through the node's in-memory server (the transport takes our HttpClient).</summary>
    public static Task<McpClient> OverHttpAsync(IAlbaHost node, string key) => OverHttpAsync(node.Server.CreateClient(), key);

    /// <summary>
    /// Streamable HTTP at /mcp through <paramref name="http"/>. Unpinned, the client tries revision 2026-07-28 (no
    /// handshake) first; <paramref name="protocolVersion"/> pins one, so 2025-11-25 makes it send initialize.
    /// </summary>
    public static Task<McpClient> OverHttpAsync(HttpClient http, string key, string? protocolVersion = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        }, http, loggerFactory: null, ownsHttpClient: true);
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion });
    }

    /// <summary>`dotnet Ledger.dll mcp`, the built program the test project carries, over the test database.</summary>
    public static Task<McpClient> OverStdioAsync(string connectionString, string key, List<string>? stderr = null) =>
        McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "ledger",
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "Ledger.dll"), "mcp"],
            WorkingDirectory = AppContext.BaseDirectory,
            EnvironmentVariables = new Dictionary<string, string?> { ["LEDGER_DB"] = connectionString, ["LEDGER_API_KEY"] = key },
            StandardErrorLines = stderr is null ? null : line => { lock (stderr) stderr.Add(line); },
        }));

    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, object? arguments = null) =>
        await client.CallToolAsync(tool, arguments is null ? new Dictionary<string, object?>()
            : JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value));

    /// <summary>A successful call's JSON result; fails the test, showing the tool's message, when the call was an error.</summary>
    public static JsonObject Json(this CallToolResult result)
    {
        result.IsError.ShouldNotBe(true, result.Text());
        return JsonNode.Parse(result.Text())!.AsObject();
    }

    public static string Text(this CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
