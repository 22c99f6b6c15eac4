using Ledger.Projections.AsyncDaemon;
using Ledger.Testing;

namespace Ledger.Marten.Tests.AsyncDaemon;

public sealed class ApplyErrorTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task an_apply_error_pauses_the_projection_before_the_failing_page_shows_the_error_and_a_resume_after_the_fix_applies_every_event_once()
    {
        var seen = new SeenProjection();
        using var store = await SeenProjection.StoreAsync(_db.ConnectionString, seen);
        var (first, bad, later) = (SeenProjection.Requests(20), SeenProjection.Requests(1), SeenProjection.Requests(20));
        seen.Poison = bad[0].StreamKey;
        await Stores.AppendSetBasedAsync(store, _db, first);
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(30));

        await Stores.AppendSetBasedAsync(store, _db, bad);
        await Stores.AppendSetBasedAsync(store, _db, later);
        var paused = await Waiting.UntilAsync(async () => (await ReadModelStatus.ReadAsync(store)).Single(),
            s => s.IsPaused, TimeSpan.FromSeconds(30), "the projection pausing");

        paused.Name.ShouldBe("seen");
        paused.PauseReason.ShouldNotBeNull().ShouldContain($"cannot project request stream {bad[0].StreamKey}");
        paused.Position.ShouldBe(20);
        paused.EventsBehind.ShouldBe(21);
        // the failing page's own inserts rolled back with its progression update
        (await Stores.RowsAsync(_db, "select seq::text from seen order by seq")).Count.ShouldBe(20);
        daemon.CurrentAgents().Single().Failure.ShouldNotBeNull().Message.ShouldContain("cannot project");

        seen.Poison = null;
        await MartenReadModels.ResumeAsync(store, daemon, "seen");
        await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(30));

        var all = await Stores.RowsAsync(_db, "select seq_id::text from mt_events order by seq_id");
        all.Count.ShouldBe(41);
        (await Stores.RowsAsync(_db, "select seq::text from seen order by seq")).ShouldBe(all);
        var resumed = (await ReadModelStatus.ReadAsync(store)).Single();
        (resumed.Position, resumed.AgentStatus, resumed.IsPaused).ShouldBe((41L, "Running", false));
    }
}
