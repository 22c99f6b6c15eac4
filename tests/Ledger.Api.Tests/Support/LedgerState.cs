using Ledger.EventStore;
using Ledger.Projections;
using Npgsql;

namespace Ledger.Api.Tests.Support;

/// <summary>What the crash tests hold a ledger to afterwards: its rows against its events.</summary>
public static class LedgerState
{
    private static readonly string[] ReadModelTables =
        ["activity", "activity_keys", "usage_hourly", "usage_orgs", "invoice_lines", "invoice_orgs", "invoice_credits", "open_reservations"];

    public static Task<long> CountAsync(NpgsqlDataSource db, Guid orgId, string type) =>
        db.ScalarAsync<long>($"select count(*) from ledger_events where org_id = '{orgId}' and type = '{type}'");

    /// <summary>Every row of every read model as text, table by table, in a stable order.</summary>
    public static async Task<List<string>> ReadModelsAsync(NpgsqlDataSource db)
    {
        var rows = new List<string>();
        foreach (var table in ReadModelTables)
        {
            await using var cmd = db.CreateCommand($"select '{table}: ' || t::text from {table} t order by 1");
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) rows.Add(r.GetString(0));
        }
        return rows;
    }

    /// <summary>
    /// Rebuilds every read model with a daemon of its own. Only for a quiet ledger: a node's daemon
    /// applying new events meanwhile would write into the tables being rebuilt.
    /// </summary>
    public static async Task RebuildAllAsync(NpgsqlDataSource db)
    {
        using var store = LedgerStore.Open(db);
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in LedgerProjections.Async)
            await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromMinutes(2), default);
    }

    /// <summary>Waits (with a deadline) until every read model has applied every stored event and none is paused.</summary>
    public static async Task CaughtUpAsync(NpgsqlDataSource db)
    {
        using var store = LedgerStore.Open(db);
        await Wait.UntilAsync(async () =>
        {
            var last = await db.ScalarAsync<long>("select coalesce(max(seq_id), 0) from mt_events");
            return (await LedgerProjections.StatusAsync(store)).All(p => p.Position >= last && !p.IsPaused);
        });
    }

    /// <summary>
    /// The org's admission row equals the sum of its events: credits paid in, charges of completed and
    /// expired requests (at least one), and reservations of admissions not settled yet.
    /// </summary>
    public static async Task OrgRowEqualsItsEventsAsync(NpgsqlDataSource db, Guid orgId)
    {
        var charged = await db.ScalarAsync<decimal>($"""
            select coalesce(sum((data->>'charged')::numeric), 0) from ledger_events
             where org_id = '{orgId}' and type in ('V1.RequestCompleted', 'V1.ReservationExpired')
            """);
        charged.ShouldBeGreaterThan(0m);
        var credits = await db.ScalarAsync<decimal>($"""
            select coalesce(sum((data->>'amount')::numeric), 0) from ledger_events
             where org_id = '{orgId}' and type in ('V1.PaymentRecorded', 'V1.SignupCreditClaimed')
            """);
        var reserved = await db.ScalarAsync<decimal>($"""
            select coalesce(sum((a.data->>'reserved')::numeric), 0) from ledger_events a
             where a.org_id = '{orgId}' and a.type = 'V1.RequestAdmitted'
               and not exists (select 1 from ledger_events s where s.stream_id = a.stream_id and s.version = 2)
            """);
        var row = $"from admission_orgs where org_id = '{orgId}'";
        (await db.ScalarAsync<decimal>($"select (state->>'charged')::numeric {row}")).ShouldBe(charged);
        (await db.ScalarAsync<decimal>($"select (state->>'credits')::numeric {row}")).ShouldBe(credits);
        (await db.ScalarAsync<decimal>($"select (state->>'reserved')::numeric {row}")).ShouldBe(reserved);
    }
}
