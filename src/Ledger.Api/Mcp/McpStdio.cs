using Ledger.Api.Hosting;
using ModelContextProtocol.Server;
using Npgsql;

namespace Ledger.Api.Mcp;

/// <summary>
/// `Ledger mcp`: the management tools over stdin/stdout for an agent that launches this program, acting as the
/// full-scope key in LEDGER_API_KEY. It talks to the database with the gateway's own services; the host is built
/// but never started, so no migrations, sweeper or web server run in an agent's process.
/// </summary>
public static class McpStdio
{
    public const string KeyVariable = "LEDGER_API_KEY";

    public static async Task<int> RunAsync(CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable(KeyVariable) is not { Length: > 0 } plain)
        {
            await Console.Error.WriteLineAsync($"Set {KeyVariable} to a full-scope Ledger key (br-…): the MCP server acts as that key.");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        // stdout carries the protocol: every log line goes to stderr
        builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddLedger(builder.Configuration);
        using var host = builder.Build();
        var services = host.Services;

        McpSessionKey? key;
        try
        {
            key = await services.GetRequiredService<McpKeyGuard>().IdentifyAsync(plain, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            await Console.Error.WriteLineAsync("The database has no Ledger schema yet: run `Ledger migrate` or start the gateway once.");
            return 2;
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"Cannot reach the ledger database (LEDGER_DB): {e.Message}");
            return 2;
        }
        if (key is null)
        {
            await Console.Error.WriteLineAsync($"{KeyVariable} is not a key of this ledger (check LEDGER_DB points at the right database).");
            return 2;
        }

        var options = LedgerMcp.Options(key, services);
        var loggers = services.GetRequiredService<ILoggerFactory>();
        await using var server = McpServer.Create(new StdioServerTransport(options, loggers), options, loggers, services);
        await server.RunAsync(ct);
        return 0;
    }
}
