using System.Diagnostics;
using JasperFx;
using JasperFx.Events.Daemon;
using Ledger.Projections.AsyncDaemon;
using Ledger.Testing;
using Marten;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Ledger.Marten.Tests.AsyncDaemon;

public sealed class HotColdTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    /// <summary>A gateway node: its own store and Marten's HotCold coordinator, as AddAsyncDaemon(DaemonMode.HotCold) runs it.</summary>
    private sealed class Node(DocumentStore store, ProjectionCoordinator coordinator) : IAsyncDisposable
    {
        public DocumentStore Store => store;

        public static async Task<Node> StartAsync(string connectionString)
        {
            var store = await SeenProjection.StoreAsync(connectionString, new SeenProjection(), options =>
            {
                options.Projections.AsyncMode = DaemonMode.HotCold;
                options.Projections.LeadershipPollingTime = 1000;
            });
            var coordinator = new ProjectionCoordinator(store, NullLogger<ProjectionCoordinator>.Instance);
            await coordinator.StartAsync(CancellationToken.None);
            return new Node(store, coordinator);
        }

        public async Task<int> RunningAsync() =>
            (await coordinator.AllDaemonsAsync()).SelectMany(d => d.CurrentAgents()).Count(a => a.Status == AgentStatus.Running);

        public Task StopAsync() => coordinator.StopAsync(CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await coordinator.DisposeAsync();
            store.Dispose();
        }
    }

    private async Task AppendAndProjectAsync(IDocumentStore store, int events, string what)
    {
        await Stores.AppendSetBasedAsync(store, _db, SeenProjection.Requests(events));
        var last = await _db.DataSource.CreateCommand("select max(seq_id) from mt_events").ExecuteScalarAsync() as long? ?? 0;
        var clock = Stopwatch.StartNew();
        await Waiting.UntilAsync(async () => (await ReadModelStatus.ReadAsync(store)).Single().Position, p => p >= last,
            TimeSpan.FromSeconds(30), what);
        output.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:0.0} s");
        var all = await Stores.RowsAsync(_db, "select seq_id::text from mt_events order by seq_id");
        (await Stores.RowsAsync(_db, "select seq::text from seen order by seq")).ShouldBe(all, what);
    }

    [Fact]
    public async Task one_node_runs_the_projection_and_another_takes_over_when_it_stops_applying_every_event_once()
    {
        await using var a = await Node.StartAsync(_db.ConnectionString);
        await AppendAndProjectAsync(a.Store, 10, "node a projects alone");
        (await a.RunningAsync()).ShouldBe(1);

        await using var b = await Node.StartAsync(_db.ConnectionString);
        await AppendAndProjectAsync(b.Store, 10, "node a still leads");
        ((await a.RunningAsync()), (await b.RunningAsync())).ShouldBe((1, 0));

        await a.StopAsync();
        await AppendAndProjectAsync(b.Store, 10, "node b takes over from a stopped node");
        (await b.RunningAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task a_node_whose_database_link_is_cut_is_replaced_and_when_it_comes_back_applies_nothing_twice()
    {
        await using var link = DatabaseLink.To(_db.ConnectionString);
        await using var a = await Node.StartAsync(link.ConnectionString);
        await AppendAndProjectAsync(a.Store, 10, "node a projects alone");
        await using var b = await Node.StartAsync(_db.ConnectionString);
        await AppendAndProjectAsync(b.Store, 10, "node a still leads");
        ((await a.RunningAsync()), (await b.RunningAsync())).ShouldBe((1, 0));

        // every connection of node a reset: PostgreSQL ends its sessions and frees its advisory locks
        link.Cut();
        await AppendAndProjectAsync(b.Store, 10, "node b takes over from a cut node");
        (await b.RunningAsync()).ShouldBe(1);

        // node a is back while b leads: whatever a's agent still tries fails the progression check and rolls back
        link.Restore();
        await AppendAndProjectAsync(b.Store, 10, "node b leads after a is back");
    }
}
