using Ledger.EventStore.Tests.Support;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Daemon;

public sealed class FailoverTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task the_status_names_this_databases_leader_when_another_database_on_the_server_runs_the_same_projection()
    {
        var name = "shared-name-" + Guid.NewGuid().ToString("N")[..8];
        var other = new StoreDatabase();
        await other.InitializeAsync();
        try
        {
            // another deployment on the same server takes its lock first
            await using var elsewhere = other.Daemon("other-deployment", new CountingProjection(name));
            await elsewhere.StartAsync();
            await Eventually.HoldsAsync(async () => (await elsewhere.GetStatusAsync())[0].LeaderNode == "other-deployment", "the other database's daemon leads");

            await using var here = db.Daemon("node-here", new CountingProjection(name));
            await here.StartAsync();
            await Eventually.HoldsAsync(async () => (await here.GetStatusAsync())[0].LeaderNode == "node-here", "this database's status names its own leader");
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task each_projection_runs_on_one_node_and_another_takes_over_when_its_connection_is_killed()
    {
        var names = new[] { "failover-a-" + Guid.NewGuid().ToString("N")[..8], "failover-b-" + Guid.NewGuid().ToString("N")[..8] };
        await using var one = db.Daemon("node-1", names.Select(n => new CountingProjection(n)).ToArray());
        await using var two = db.Daemon("node-2", names.Select(n => new CountingProjection(n)).ToArray());
        await one.StartAsync();
        await two.StartAsync();

        using var stopWriting = new CancellationTokenSource();
        var store = db.Store();
        var writer = Task.Run(async () =>
        {
            while (!stopWriting.IsCancellationRequested)
            {
                await store.AppendAsync(To(NewStreamId(), Deposit(), Deposit()));
                await Task.Delay(10);
            }
        });

        await Eventually.HoldsAsync(async () => (await one.GetStatusAsync()).All(s => s.LeaderNode is not null), "every projection has a leader");
        foreach (var name in names)
            (await LockHoldersAsync(name)).ShouldBe(1);

        var victim = (await one.GetStatusAsync()).First(s => s.Name == names[0]);
        var killed = await db.ScalarAsync<bool>(
            "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1",
            $"ledger-daemon:{victim.LeaderNode}:{victim.Name}");
        killed.ShouldBeTrue();

        await Eventually.HoldsAsync(
            async () => (await two.GetStatusAsync()).First(s => s.Name == names[0]).LeaderNode is { } leader && leader != victim.LeaderNode,
            "the other node leads the projection", within: TimeSpan.FromSeconds(10));

        await stopWriting.CancelAsync();
        await writer;
        foreach (var name in names)
        {
            await db.ShouldHaveAppliedEverythingOnceInOrderAsync(name);
            (await LockHoldersAsync(name)).ShouldBe(1);
        }
        (await one.GetStatusAsync()).ShouldAllBe(s => s.State == "running" && s.EventsBehind == 0);
    }

    private Task<long> LockHoldersAsync(string projection) =>
        db.ScalarAsync<long>("""
            select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid
             where l.locktype = 'advisory' and l.granted and a.application_name like '%:' || $1
            """, projection);
}
