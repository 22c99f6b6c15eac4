using Ledger.Api.Keys;
using Ledger.Domain;
using Ledger.Api.Commands;
using Ledger.Api.Http;
using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using Ledger.Projections;
using ModelContextProtocol;
using Npgsql;

namespace Ledger.Api.Mcp;

/// <summary>
/// The key an MCP session acts for, checked again on every tool call: LEDGER_API_KEY for the whole of a stdio
/// session; over HTTP, where each request is a session of its own, the bearer key of that request.
/// </summary>
public sealed record McpSessionKey(Guid KeyId);

/// <summary>
/// Authorizes MCP tool calls and records them. The key's row is read on every call, so a key revoked,
/// disabled or expired while a stdio session is open stops working at once, as it does on the HTTP API.
/// </summary>
public sealed class McpKeyGuard(NpgsqlDataSource db, TimeProvider clock, StreamCommands commands)
{
    /// <summary>JSON-RPC code for a key the management tools refuse (the implementation-defined server range).</summary>
    public const McpErrorCode KeyRefused = (McpErrorCode)(-32003);

    /// <summary>The key behind a plain secret, or null when no key has that secret.</summary>
    public async Task<McpSessionKey?> IdentifyAsync(string plain, CancellationToken ct)
    {
        return await KeyRows.ByHashAsync(db, KeySecret.HashOf(plain.Trim()), ct) is { } key ? new McpSessionKey(key.KeyId) : null;
    }

    public async Task<Caller> AuthorizeAsync(McpSessionKey session, CancellationToken ct)
    {
        var key = await KeyRows.ByIdAsync(db, session.KeyId, ct)
            ?? throw Refused(ErrorCodes.InvalidApiKey, "this session's key no longer exists.");
        return KeyAccess.Check(key, clock.GetUtcNow(), KeyScope.Full) is { } refused
            ? throw Refused(refused.Code, refused.Message)
            : new Caller(key);
    }

    /// <summary>Appends KeyToolCalled to the calling key's own stream, so the call shows in that key's audit history.</summary>
    public Task RecordAsync(Caller caller, string tool, string summary, CancellationToken ct) =>
        commands.RunAsync(Streams.Key(caller.KeyId), "key", caller.OrgId, ApiKey.Fold,
            key => KeyDecider.Decide(new KeyCommand.RecordToolCall(tool, summary), key), caller.Actor, null, ct);

    private static McpProtocolException Refused(string code, string message) => new($"{code}: {message}", KeyRefused);
}
