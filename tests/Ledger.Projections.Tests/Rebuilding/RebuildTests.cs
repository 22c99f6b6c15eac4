using Ledger.EventStore;
using Ledger.Projections.Tests.Support;
using Ledger.Testing;

namespace Ledger.Projections.Tests.Rebuilding;

public sealed class RebuildTests : IAsyncLifetime
{
    private readonly ReadModelDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    /// <summary>Every read-model table, ordered by its key, as text.</summary>
    private static readonly string[] Tables =
    [
        "select * from activity order by request_id",
        "select * from activity_keys order by key_id",
        "select * from usage_hourly order by org_id, hour, key_id, model, provider",
        "select * from usage_orgs order by org_id",
        "select * from invoice_lines order by org_id, month, model",
        "select * from invoice_credits order by org_id, month",
        "select * from invoice_orgs order by org_id",
        "select * from open_reservations order by request_id",
    ];

    [Fact]
    public async Task rebuilding_all_read_models_from_a_generated_history_gives_the_live_rows_back_row_for_row()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = await new LedgerHistory(_db.Store).SignUpAsync(orgs: 6, keysPerOrg: 3, start);
        await using (var daemon = _db.Daemon())
        {
            await daemon.StartAsync();
            foreach (var org in history.Orgs) await history.CreditAsync(org, 500m, start.AddDays(3));
            await history.RequestsAsync(4000, start, start.AddMonths(4));
            await history.RenameAsync(history.Orgs[0].OrgId, history.Keys[history.Orgs[0].OrgId][0], "renamed", start.AddMonths(2));
            await _db.CaughtUpAsync();
        }
        var live = new List<List<string>>();
        foreach (var sql in Tables) live.Add(await _db.RowsAsync(sql));
        live[0].Count.ShouldBeGreaterThan(3900);
        live[2].Count.ShouldBeGreaterThan(100);
        live[^1].Count.ShouldBeGreaterThan(10);   // about 1 % of the requests are left in flight

        using var rebuilder = await _db.Marten.BuildProjectionDaemonAsync();
        foreach (var projection in LedgerProjections.Async)
            await rebuilder.RebuildProjectionAsync(projection.Name, TimeSpan.FromMinutes(2), default);

        for (var i = 0; i < Tables.Length; i++)
            (await _db.RowsAsync(Tables[i])).ShouldBe(live[i], Tables[i]);
    }
}
