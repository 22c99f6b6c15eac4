using JasperFx.Events;
using JasperFx.Events.Projections;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using Ledger.Testing;
using Marten;
using Npgsql;

namespace Ledger.Marten.Tests;

internal static class Stores
{
    /// <summary>A store on <paramref name="db"/> as Ledger configures it, with the two test projections run by the daemon.</summary>
    public static async Task<DocumentStore> CreateAsync(TestDatabase db, EventAppendMode mode = EventAppendMode.Rich, Action<StoreOptions>? adjust = null)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(db.ConnectionString);
            LedgerMarten.Configure(options, mode);
            options.Projections.Snapshot<RequestSummary>(SnapshotLifecycle.Async);
            options.Projections.Add<OrgUsageProjection>(ProjectionLifecycle.Async);
            adjust?.Invoke(options);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>Runs every async projection up to the last event, through the daemon as a node would.</summary>
    public static async Task ProjectAsync(IDocumentStore store)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(30));
        await daemon.StopAllAsync();
    }

    /// <summary>Appends <paramref name="rows"/> with the set-based writer in one committed transaction.</summary>
    public static async Task AppendSetBasedAsync(IDocumentStore store, TestDatabase db, IReadOnlyList<EventRow> rows)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new SetBasedAppend(store).AppendAsync(transaction, rows);
        await transaction.CommitAsync();
    }

    /// <summary>Each row of a table as JSON (every column, so one Marten adds later is compared too).</summary>
    public static async Task<List<string>> RowsAsync(TestDatabase db, string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }
}

/// <summary>A small request history: admitted requests, most of them settled, a few refused.</summary>
internal sealed class RequestHistory
{
    public static readonly Guid[] Orgs = [Guid.NewGuid(), Guid.NewGuid()];

    /// <summary>First transaction: every request's first event (a new stream each).</summary>
    public List<(string Stream, object Event)> Started { get; } = [];
    /// <summary>Second transaction: completions, appended to existing streams.</summary>
    public List<(string Stream, object Event)> Settled { get; } = [];

    public static RequestHistory Create(int requests = 30)
    {
        var history = new RequestHistory();
        for (var i = 0; i < requests; i++)
        {
            var requestId = Guid.NewGuid();
            var stream = Ledger.Domain.Streams.Request(requestId);
            var org = Orgs[i % Orgs.Length];
            var key = Guid.NewGuid();
            if (i % 7 == 6)
            {
                // refusals carry nulls: null must survive the round trip, not turn into a missing member
                history.Started.Add((stream, new RequestRejected(requestId, i % 2 == 0 ? null : key, i % 2 == 0 ? null : org, null, "rate_limited", 429, "Slow down")));
                continue;
            }
            var currency = i % 2 == 0 ? "EUR" : "INR";
            history.Started.Add((stream, new RequestAdmitted(requestId, key, org, "gpt-4o-mini", i % 3 == 0 ? OrgTier.Trial : OrgTier.Standard,
                i % 4 == 0, 100 + i, 256, 0.0125m + i / 1000m, currency)));
            if (i % 5 == 4) continue; // still in flight
            var failed = i % 9 == 8;
            history.Settled.Add((stream, new RequestCompleted(requestId, key, org, "gpt-4o-mini", DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000 + i),
                failed ? null : "openai", failed ? null : "eu", failed ? 502 : 200, failed ? "upstream_error" : null,
                100 + i, 20 + i, 123.25 + i, 0.15m, 0.6m, "USD", 0.92m, 20m, 0.000_123m * i, 0.000_150m * i, currency, 0.0125m, !failed,
                [new UpstreamAttempt("openai", "eu", failed ? "error" : "ok", failed ? 502 : 200, 120.5 + i)])));
        }
        return history;
    }
}
