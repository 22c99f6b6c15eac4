using Alba;
using Ledger.Api.Tests.Support;
using Ledger.EventStore;
using Ledger.Projections;
using Ledger.Testing;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// Two gateway nodes share one database; each runs the projection daemon, and one leads each
/// projection. Stopping the leader hands the projection to the other node, which carries on from
/// the checkpoint: nothing skipped, nothing applied twice (the read model equals a rebuild).
/// </summary>
public sealed class ProjectionLeadershipTests : GatewayTest
{
    private IAlbaHost _a = null!;
    private IAlbaHost _b = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _a = await NodeAsync(settings: new Dictionary<string, string?> { ["Ledger:NodeName"] = "node-a" });
        _b = await NodeAsync(settings: new Dictionary<string, string?> { ["Ledger:NodeName"] = "node-b" });
    }

    [Fact]
    public async Task stopping_the_leading_node_hands_the_projection_over_and_nothing_is_skipped_or_applied_twice()
    {
        var (a, b) = (_a.Server.CreateClient(), _b.Server.CreateClient());
        var org = await a.SignUpAsync();
        await a.PayAsync(org.OrgId, 100m);
        for (var i = 0; i < 10; i++) (await (i % 2 == 0 ? a : b).CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var leader = await CaughtUpLeaderAsync(null);

        var (stopped, survivor, survivorName) = leader == "node-a" ? (_a, b, "node-b") : (_b, a, "node-a");
        await stopped.DisposeAsync();
        for (var i = 0; i < 10; i++) (await survivor.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();

        (await CaughtUpLeaderAsync(survivorName)).ShouldBe(survivorName);
        (await Db.ScalarAsync<long>($"select count(*) from activity where org_id = '{org.OrgId}'")).ShouldBe(20);
        await Wait.UntilAsync(async () => (await LedgerProjections.StatusAsync(Db.DataSource, LedgerEvents.CreateRegistry())).All(p => p.EventsBehind == 0));
        var live = await LedgerState.ReadModelsAsync(Db.DataSource);
        await LedgerState.RebuildAllAsync(Db.DataSource);
        (await LedgerState.ReadModelsAsync(Db.DataSource)).ShouldBe(live);
    }

    /// <summary>Waits (with a deadline) until the activity projection has a leader and has applied every event.</summary>
    private async Task<string> CaughtUpLeaderAsync(string? expected)
    {
        bool Caught(ProjectionStatus s) => s.LeaderNode is { } node && (expected is null || node == expected) && s.EventsBehind == 0;
        var status = await Wait.ForAsync(
            async () => (await LedgerProjections.StatusAsync(Db.DataSource, LedgerEvents.CreateRegistry())).Single(s => s.Name == "activity"), Caught);
        return Caught(status) ? status.LeaderNode! : throw new TimeoutException($"activity never caught up under {expected ?? "any node"}: {status}");
    }
}
