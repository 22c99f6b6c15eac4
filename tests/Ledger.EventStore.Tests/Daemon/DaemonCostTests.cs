using Ledger.EventStore.Tests.Support;
using Npgsql;
using static Ledger.EventStore.Tests.Support.TestEvents;

namespace Ledger.EventStore.Tests.Daemon;

/// <summary>What the daemon costs the database while it waits: index lookups, and few small batches.</summary>
public sealed class DaemonCostTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task the_daemons_reads_past_a_checkpoint_use_the_commit_order_index_even_as_prepared_statements()
    {
        var store = db.Store();
        for (var i = 0; i < 20; i++)
            await store.AppendAsync(To(NewStreamId(), Enumerable.Range(0, 100).Select(_ => Deposit()).ToArray()));
        await db.ExecuteAsync("analyze events");

        await using var connection = await db.DataSource.OpenConnectionAsync();
        // statements are auto-prepared in production, and a generic plan is where the estimate goes wrong
        await Execute(connection, "set plan_cache_mode = force_generic_plan");
        foreach (var (name, sql, args) in new[]
                 {
                     ("any_after", ProjectionSql.AnyAfter, "('5', 3)"),
                     ("next_batch", ProjectionSql.NextBatch, "('5', 3, 1000)"),
                 })
        {
            await Execute(connection, $"prepare {name} as {sql}");
            var plan = string.Join("\n", await Lines(connection, $"explain execute {name}{args}"));
            plan.ShouldContain("events_tx_seq_idx", customMessage: plan);
            plan.ShouldNotContain("Seq Scan", customMessage: plan);
        }
    }

    [Fact]
    public async Task commits_in_quick_succession_reach_a_projection_in_a_few_batches_not_one_each()
    {
        var projection = new BatchCounter(new CountingProjection("batches-" + Guid.NewGuid()));
        await using var daemon = new ProjectionDaemon(db.DataSource, db.Registry, [projection],
            new ProjectionDaemonOptions { NodeName = "node-a", PollInterval = TimeSpan.FromSeconds(30), MinBatchInterval = TimeSpan.FromSeconds(2) });
        await daemon.StartAsync();
        await Eventually.HoldsAsync(async () => (await daemon.GetStatusAsync())[0].LeaderNode is not null, "the daemon leads");
        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(projection.Name);
        var before = projection.Batches;

        var store = db.Store();
        for (var i = 0; i < 30; i++)
            await store.AppendAsync(To(NewStreamId(), Deposit()));   // each append commits and notifies

        await db.ShouldHaveAppliedEverythingOnceInOrderAsync(projection.Name);
        // the first commit wakes the daemon at once; the other 29 wait out one interval together
        (projection.Batches - before).ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public async Task projections_led_by_one_node_share_each_batch_they_read_and_still_apply_every_event_once()
    {
        var store = db.Store();
        for (var i = 0; i < 12; i++)
            await store.AppendAsync(To(NewStreamId(), Enumerable.Range(0, 100).Select(_ => Deposit()).ToArray()));
        var projections = Enumerable.Range(0, 4).Select(i => new CountingProjection($"shared-{i}-{Guid.NewGuid()}")).ToArray();
        var total = await db.ScalarAsync<long>("select count(*) from events");

        await using (var daemon = new ProjectionDaemon(db.DataSource, db.Registry, projections,
                         new ProjectionDaemonOptions { NodeName = "node-a", BatchSize = 100, MinBatchInterval = TimeSpan.Zero }))
        {
            await daemon.StartAsync();
            foreach (var p in projections)
                await db.ShouldHaveAppliedEverythingOnceInOrderAsync(p.Name);
            // about one read per batch of 100, not four: the other projections found each batch read already
            daemon.BatchesRead.ShouldBeLessThan(2 * (total / 100 + 1));
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> Lines(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }

    private sealed class BatchCounter(IAsyncProjection inner) : IAsyncProjection
    {
        private int _batches;
        public int Batches => Volatile.Read(ref _batches);
        public string Name => inner.Name;
        public Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
            inner.ResetAsync(connection, transaction, ct);

        public Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
        {
            Interlocked.Increment(ref _batches);
            return inner.ApplyAsync(connection, transaction, events, ct);
        }
    }
}
