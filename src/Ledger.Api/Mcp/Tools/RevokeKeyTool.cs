using System.ComponentModel;
using Ledger.Api.Commands;
using Ledger.Api.Http;
using Ledger.Api.Keys;
using Ledger.Domain;

namespace Ledger.Api.Mcp.Tools;

public sealed record RevokeKeyInput([property: Description("The id of the key to revoke (from list_keys or mint_ephemeral_key).")] Guid KeyId);

public sealed class RevokeKeyTool(McpSessionKey session, McpKeyGuard guard, EventStore.EventStore store,
    StreamsReader reader, TimeProvider clock) : LedgerTool<RevokeKeyInput>(session, guard)
{
    protected override string Name => "revoke_key";
    protected override bool ReadOnly => false;
    protected override string Description =>
        "Revoke one of this org's keys, permanently: requests with it are refused from then on. " +
        "Use it to cut off a sub-agent's ephemeral key early. It will not revoke the key this session is using.";

    protected override async Task<(object Result, string Summary)> RunAsync(Caller caller, RevokeKeyInput input, CancellationToken ct)
    {
        // an agent that revoked its own key would lock itself (and its operator's session) out mid-task
        if (input.KeyId == caller.KeyId)
            throw new DomainException(RuleKind.Forbidden, "cannot_revoke_own_key",
                "This is the key this session is using; revoke it from the dashboard or with another full-scope key.");
        if (!await KeyEndpoints.RevokeKeyAsync(input.KeyId, caller, store, reader, clock, ct))
            throw new DomainException(RuleKind.NotFound, "not_found", "No key with that id in this org.");
        return (new RevokeResponse(true), $"revoked key {input.KeyId}");
    }
}
