using Alba;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Ledger.Api.Tests.Support;
using Ledger.EventStore;
using Ledger.Projections;
using Ledger.Testing;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// Two gateway nodes share one database; each runs Marten's daemon in HotCold mode, and one runs
/// each read model. Stopping the node running activity hands it to the other node, which carries on from the committed
/// progression: nothing skipped, nothing applied twice (the read models equal a rebuild).
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
        await LedgerState.CaughtUpAsync(Db.DataSource);
        var leader = await LeaderAsync();

        var (stopped, survivor, survivorHost) = leader == _a ? (_a, b, _b) : (_b, a, _a);
        await stopped.DisposeAsync();
        for (var i = 0; i < 10; i++) (await survivor.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();

        await LedgerState.CaughtUpAsync(Db.DataSource);
        (await LeaderAsync(survivorHost)).ShouldBe(survivorHost);
        (await Db.ScalarAsync<long>($"select count(*) from activity where org_id = '{org.OrgId}'")).ShouldBe(20);
        var live = await LedgerState.ReadModelsAsync(Db.DataSource);
        await LedgerState.RebuildAllAsync(Db.DataSource);
        (await LedgerState.ReadModelsAsync(Db.DataSource)).ShouldBe(live);
    }

    /// <summary>
    /// The node whose daemon runs the activity read model (HotCold: one node runs each), waiting with
    /// a deadline for one to, or for <paramref name="expected"/>'s.
    /// </summary>
    private async Task<IAlbaHost> LeaderAsync(IAlbaHost? expected = null)
    {
        IAlbaHost? leader = null;
        await Wait.UntilAsync(() =>
        {
            var running = (expected is null ? new[] { _a, _b } : [expected]).Where(Leads).ToList();
            leader = running.Count == 1 ? running[0] : null;
            return Task.FromResult(leader is not null);
        });
        return leader!;
    }

    private static bool Leads(IAlbaHost host)
    {
        try
        {
            return host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().CurrentAgents()
                .Any(a => a.Name.Name == "activity" && a.Status == JasperFx.AgentStatus.Running);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
