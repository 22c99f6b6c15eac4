using System.Collections.Concurrent;
using Ledger.EventStore;
using Microsoft.Extensions.Logging;

namespace Ledger.Projections.Admission;

/// <summary>A shard's queue, and its writer: whoever finds it idle drains it, one at a time.</summary>
internal sealed class WriterShard(ShardConnection connection, int maxBatch, ILogger log) : IAsyncDisposable
{
    private readonly ConcurrentQueue<QueuedWork> _queue = new();
    private int _draining;
    private Task _drain = Task.CompletedTask;

    /// <summary>
    /// Queues the work; if the shard is idle, this caller starts the shard's writer itself, on its own
    /// thread up to the first round trip, rather than waking a waiting loop (a thread hop, which is
    /// expensive on a small virtual machine and shows at one connection).
    /// </summary>
    public void Enqueue(QueuedWork work)
    {
        _queue.Enqueue(work);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            _drain = DrainAsync();
    }

    /// <summary>
    /// Writes the queue in batches of up to maxBatch, one after another, on the shard's own
    /// connection, until the queue is empty.
    /// </summary>
    private async Task DrainAsync()
    {
        var batch = new List<QueuedWork>();
        while (true)
        {
            while (batch.Count < maxBatch && _queue.TryDequeue(out var work)) batch.Add(work);
            if (batch.Count == 0)
            {
                Volatile.Write(ref _draining, 0);
                // work queued after the last look, by a caller who saw this drain still running
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
                continue;
            }
            // the batch's statements (Npgsql's spans) show under its first request's span: a batch serves many
            // requests, and the drain would otherwise go on under whichever request happened to start it;
            // untraced, nothing is set (an AsyncLocal write per batch for nobody)
            if (batch[0].Span is { } span) System.Diagnostics.Activity.Current = span;
            await WriteAsync(batch);
            await connection.DropIfNotOpenAsync();
            batch.Clear();
        }
    }

    /// <summary>Writes one batch; the callers of whatever could not be written get its failure.</summary>
    private async Task WriteAsync(List<QueuedWork> batch)
    {
        try { await connection.WriteAsync(batch, mayReopen: true); }
        catch (ConcurrencyException) when (batch.Any(w => w is QueuedSettlement))
        {
            // a settlement lost to the sweeper: admit the rest again, settle each alone
            await WriteAloneAsync(batch);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Writing {Count} requests to the ledger failed; none of them was recorded", batch.Count);
            Callers.Fail(batch, e);
        }
    }

    private async Task WriteAloneAsync(List<QueuedWork> batch)
    {
        var admissions = batch.Where(w => w is QueuedAdmission).ToList();
        try { if (admissions.Count > 0) await connection.WriteAsync(admissions, mayReopen: false); }
        catch (Exception e) { Callers.Fail(admissions, e); }
        foreach (var s in batch.OfType<QueuedSettlement>())
        {
            try { await connection.WriteAsync([s], mayReopen: false); }
            catch (Exception e) { Callers.Fail(s, e); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _drain;
        await connection.DisposeAsync();
    }
}
