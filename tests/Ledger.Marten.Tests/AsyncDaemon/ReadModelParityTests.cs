using Ledger.Testing;

namespace Ledger.Marten.Tests.AsyncDaemon;

public sealed class ReadModelParityTests : IAsyncLifetime
{
    private readonly ReadModelDatabase _legacy = new();
    private readonly ReadModelDatabase _marten = new();

    public async Task InitializeAsync()
    {
        await _legacy.InitializeAsync();
        await _marten.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _legacy.DisposeAsync();
        await _marten.DisposeAsync();
    }

    [Fact]
    public async Task the_same_history_projected_by_the_legacy_daemon_and_by_martens_daemon_gives_the_same_rows_in_every_read_model_table()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = await new LedgerHistory(_legacy.Ledger).SignUpAsync(orgs: 6, keysPerOrg: 3, start);
        foreach (var org in history.Orgs) await history.CreditAsync(org, 500m, start.AddDays(3));
        await history.RequestsAsync(3000, start, start.AddMonths(4));
        await history.RenameAsync(history.Orgs[0].OrgId, history.Keys[history.Orgs[0].OrgId][0], "renamed", start.AddMonths(2));
        await using (var daemon = _legacy.LegacyDaemon())
        {
            await daemon.StartAsync();
            await _legacy.LegacyCaughtUpAsync();
        }
        var expected = await _legacy.ReadModelAsync();
        expected[0].Count.ShouldBeGreaterThan(2900);
        expected[^1].Count.ShouldBeGreaterThan(5);

        var events = await MartenCopy.ReadAllAsync(_legacy.Ledger);
        using var store = await _marten.StoreAsync();
        using var martenDaemon = await store.BuildProjectionDaemonAsync();
        await martenDaemon.StartAllAsync();
        // pages of 777 committed while the daemon runs: Marten's pages and the legacy daemon's batches differ
        await MartenCopy.CopyAsync(events, store, _marten.DataSource, perTransaction: 777);
        await martenDaemon.WaitForNonStaleData(TimeSpan.FromSeconds(60));
        await martenDaemon.StopAllAsync();

        var actual = await _marten.ReadModelAsync();
        for (var i = 0; i < ReadModelDatabase.Tables.Length; i++)
            actual[i].ShouldBe(expected[i], ReadModelDatabase.Tables[i]);
    }
}
