using Ledger.Projections;
using Marten;
using Npgsql;
using Prometheus;

namespace Ledger.Api.Ops;

/// <summary>
/// Gauges read from the ledger itself at each scrape. When the database does not answer, only
/// ledger_database_up 0 is shown: the last values read would look current and are not.
/// </summary>
internal sealed class LedgerGauges
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly NpgsqlDataSource _db;
    private readonly IDocumentStore _store;
    private readonly Gauge _up;
    private readonly Gauge _open;
    private readonly Gauge _lag;
    private readonly Gauge _paused;

    private LedgerGauges(CollectorRegistry registry, NpgsqlDataSource db, IDocumentStore store)
    {
        (_db, _store) = (db, store);
        var factory = Metrics.WithCustomRegistry(registry);
        _up = factory.CreateGauge("ledger_database_up", "1 when this node reached the ledger database for this scrape.");
        _open = factory.CreateGauge("ledger_reservations_open",
            "Admitted requests whose completion is not recorded yet (as far as the reservations read model has read).",
            new GaugeConfiguration { SuppressInitialValue = true });
        _lag = factory.CreateGauge("ledger_projection_lag_events", "Events appended that a projection has not applied yet.", "projection");
        _paused = factory.CreateGauge("ledger_projection_paused", "1 when a projection stopped on an error and waits for an operator.", "projection");
    }

    public static void Register(CollectorRegistry registry, NpgsqlDataSource db, IDocumentStore store)
    {
        var gauges = new LedgerGauges(registry, db, store);
        registry.AddBeforeCollectCallback(gauges.ReadAsync);
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await using var c = await _db.OpenConnectionAsync(timeout.Token);
            await using (var cmd = new NpgsqlCommand("select count(*) from open_reservations", c))
                _open.Set((long)(await cmd.ExecuteScalarAsync(timeout.Token))!);
            var seen = new HashSet<string>();
            foreach (var s in await LedgerProjections.StatusAsync(_store, timeout.Token))
            {
                seen.Add(s.Name);
                _lag.WithLabels(s.Name).Set(s.EventsBehind);
                _paused.WithLabels(s.Name).Set(s.IsPaused ? 1 : 0);
            }
            Forget(seen);
            _up.Set(1);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            _up.Set(0);
            _open.RemoveLabelled();   // recreated unpublished: absent until the next good read
            Forget([]);
        }
    }

    /// <summary>A projection no longer registered (dropped, renamed) leaves the scrape.</summary>
    private void Forget(HashSet<string> current)
    {
        foreach (var labels in _lag.GetAllLabelValues().ToList())
            if (!current.Contains(labels[0])) { _lag.RemoveLabelled(labels); _paused.RemoveLabelled(labels); }
    }
}
