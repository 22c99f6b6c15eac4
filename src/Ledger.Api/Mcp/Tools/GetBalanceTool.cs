using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Npgsql;

namespace Ledger.Api.Mcp.Tools;

public sealed class GetBalanceTool(McpSessionKey session, McpKeyGuard guard, NpgsqlDataSource db)
    : LedgerTool<NoInput>(session, guard)
{
    protected override string Name => "get_balance";
    protected override string Description =>
        "The org's prepaid balance in its billing currency: balance, reserved (held for requests in flight), " +
        "available (balance minus reserved), credits received, total charged, and the org's tier.";

    protected override async Task<(object Result, string Summary)> RunAsync(Caller caller, NoInput input, CancellationToken ct)
    {
        var org = await OrgRows.LoadAsync(db, caller.OrgId, ct) ?? throw new InvalidOperationException("Caller's org row is missing.");
        var balance = OrgRows.Balance(org);
        return (balance, $"read the balance ({balance.Available} {balance.Currency} available)");
    }
}
