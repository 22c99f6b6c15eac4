using Ledger.Api.Http;
using Ledger.Api.Mcp.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ledger.Api.Mcp;

/// <summary>The MCP server's description and tools, the same over stdio and HTTP.</summary>
public static class LedgerMcp
{
    private static readonly Type[] Tools = [typeof(MintEphemeralKeyTool), typeof(ListKeysTool), typeof(RevokeKeyTool), typeof(GetUsageTool), typeof(GetBalanceTool)];

    /// <summary>
    /// The SDK's streamable-HTTP transport, stateless: each POST is served by a server made for that request alone,
    /// so no session lives in a node's memory and any node answers any request. The tools act for the request's
    /// bearer key, which the key authentication middleware has checked before the SDK sees the request.
    /// </summary>
    public static IServiceCollection AddLedgerMcp(this IServiceCollection services)
    {
        services.AddSingleton<McpKeyGuard>();
        services.AddMcpServer(Describe).WithHttpTransport(http =>
        {
            http.Stateless = true;
            // stateless mode calls this for every request
            http.ConfigureSessionOptions = (context, options, _) =>
            {
                options.ToolCollection = ToolsFor(new McpSessionKey(Caller.Of(context).KeyId), context.RequestServices);
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>Server options for a stdio session; its tools act for <paramref name="key"/>.</summary>
    public static McpServerOptions Options(McpSessionKey key, IServiceProvider services)
    {
        var options = new McpServerOptions { ToolCollection = ToolsFor(key, services) };
        Describe(options);
        return options;
    }

    private static void Describe(McpServerOptions options)
    {
        options.ServerInfo = new Implementation { Name = "ledger", Title = "Ledger management tools", Version = typeof(LedgerMcp).Assembly.GetName().Version?.ToString() ?? "1.0" };
        options.Capabilities = new ServerCapabilities { Tools = new ToolsCapability() };
        options.ServerInstructions =
            "Manage a Ledger org's API keys and read its usage and balance. These tools need a full-scope key; " +
            "give sub-agents ephemeral keys from mint_ephemeral_key rather than the key this session uses.";
    }

    private static McpServerPrimitiveCollection<McpServerTool> ToolsFor(McpSessionKey key, IServiceProvider services) =>
        [.. Tools.Select(t => (McpServerTool)ActivatorUtilities.CreateInstance(services, t, key))];
}
