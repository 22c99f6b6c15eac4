using Ledger.Projections.AsyncDaemon;
using Ledger.Testing;

namespace Ledger.Marten.Tests.AsyncDaemon;

public sealed class SlowWriterTests : IAsyncLifetime
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);
    private readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task a_writer_that_commits_well_past_the_stale_sequence_threshold_after_later_events_is_waited_for_not_skipped()
    {
        var seen = new SeenProjection();
        using var store = await SeenProjection.StoreAsync(_db.ConnectionString, seen, options => options.Projections.StaleSequenceThreshold = Threshold);
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await Stores.AppendSetBasedAsync(store, _db, SeenProjection.Requests(5));
        await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(30));

        // the slow writer takes sequence numbers 6-10 and holds them uncommitted...
        await using var slow = await _db.DataSource.OpenConnectionAsync();
        await using var slowTx = await slow.BeginTransactionAsync();
        await new SetBasedAppend(store).AppendAsync(slowTx, SeenProjection.Requests(5));
        // ...while 11-20 commit, and it stays open for several thresholds and high-water polls
        await Stores.AppendSetBasedAsync(store, _db, SeenProjection.Requests(10));
        await Task.Delay(Threshold * 5);
        var whileOpen = await Stores.RowsAsync(_db, "select seq::text from seen order by seq");
        await slowTx.CommitAsync();
        await Waiting.UntilAsync(async () => (await ReadModelStatus.ReadAsync(store)).Single().Position, position => position >= 20,
            TimeSpan.FromSeconds(30), "the projection's position reaching 20");

        whileOpen.ShouldBe(Enumerable.Range(1, 5).Select(i => i.ToString()).ToList(), "the projection must hold at the gap");
        var all = await Stores.RowsAsync(_db, "select seq_id::text from mt_events order by seq_id");
        all.Count.ShouldBe(20);
        (await Stores.RowsAsync(_db, "select seq::text from seen order by seq")).ShouldBe(all);
    }
}
