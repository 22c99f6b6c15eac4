using Ledger.Api.Mcp.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ledger.Api.Mcp;

/// <summary>The MCP server's description and tools, the same over stdio and HTTP.</summary>
public static class LedgerMcp
{
    private static readonly Type[] Tools = [typeof(MintEphemeralKeyTool), typeof(ListKeysTool), typeof(RevokeKeyTool), typeof(GetUsageTool), typeof(GetBalanceTool)];

    public static IServiceCollection AddLedgerMcp(this IServiceCollection services) =>
        services.AddSingleton<McpKeyGuard>().AddSingleton<McpHttpSessions>();

    /// <summary>Server options for one session; its tools act for <paramref name="key"/>.</summary>
    public static McpServerOptions Options(McpSessionKey key, IServiceProvider services) => new()
    {
        ServerInfo = new Implementation { Name = "ledger", Title = "Ledger management tools", Version = typeof(LedgerMcp).Assembly.GetName().Version?.ToString() ?? "1.0" },
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
        ServerInstructions =
            "Manage a Ledger org's API keys and read its usage and balance. These tools need a full-scope key; " +
            "give sub-agents ephemeral keys from mint_ephemeral_key rather than the key this session uses.",
        ToolCollection = [.. Tools.Select(t => (McpServerTool)ActivatorUtilities.CreateInstance(services, t, key))],
    };
}
