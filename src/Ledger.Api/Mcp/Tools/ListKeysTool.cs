using Ledger.Api.Http;
using Ledger.Api.Keys;
using Ledger.Api.Orgs;
using Npgsql;

namespace Ledger.Api.Mcp.Tools;

public sealed class ListKeysTool(McpSessionKey session, McpKeyGuard guard, NpgsqlDataSource db, TimeProvider clock)
    : LedgerTool<NoInput>(session, guard)
{
    protected override string Name => "list_keys";
    protected override string Description =>
        "List this org's API keys, newest first: id, name, prefix, scope (full or inference), status " +
        "(active, disabled, revoked, expired), whether it is ephemeral, limits, spend and expiry. Secrets are never shown.";

    protected override async Task<(object Result, string Summary)> RunAsync(Caller caller, NoInput input, CancellationToken ct)
    {
        var org = await OrgRows.LoadAsync(db, caller.OrgId, ct) ?? throw new InvalidOperationException("Caller's org row is missing.");
        var now = clock.GetUtcNow();
        var keys = (await KeyRows.ListAsync(db, caller.OrgId, null, ct)).Select(r => KeyView.From(r.Key, org, r.Version, now)).ToList();
        return (new { data = keys }, $"listed {keys.Count} keys");
    }
}
