using System.Threading.Channels;
using Ledger.Domain.Admission;
using Ledger.EventStore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// Makes a request's settlement (RequestCompleted) durable before the client sees the end of its
/// response. Completions waiting at the same moment share one synchronous commit (group commit);
/// the admission rows settle in the same transaction through the inline projection.
/// </summary>
public sealed class CompletionRecorder : IAsyncDisposable
{
    private readonly Channel<(StreamAppend Append, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(StreamAppend, TaskCompletionSource)>();
    private readonly Task[] _writers;
    private readonly EventStore.EventStore _store;
    private readonly NpgsqlDataSource _db;
    private readonly AdmissionPolicy _policy;
    private readonly ILogger _log;
    private readonly int _maxBatch;

    public CompletionRecorder(NpgsqlDataSource db, EventStore.EventStore store, AdmissionPolicy policy, ILogger<CompletionRecorder> log,
        int writers = 2, int maxBatch = 256)
    {
        (_db, _store, _policy, _log, _maxBatch) = (db, store, policy, log, maxBatch);
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>Appends the request's second event; completes once it is committed and flushed.</summary>
    public Task RecordAsync(Guid requestId, Guid orgId, object settlement, string actor, DateTimeOffset at)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var append = new StreamAppend($"req-{requestId}", "request", orgId, ExpectedVersion.Exactly(1),
            [new NewEvent(Guid.NewGuid(), settlement)], new EventMetadata(requestId, requestId, actor), at);
        if (!_queue.Writer.TryWrite((append, done))) done.SetException(new ObjectDisposedException(nameof(CompletionRecorder)));
        return done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(StreamAppend Append, TaskCompletionSource Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            if (batch.Count == 0) continue;
            try
            {
                await AppendAsync(batch.Select(b => b.Append).ToList());
                foreach (var b in batch) b.Done.TrySetResult();
            }
            catch (ConcurrencyException) when (batch.Count > 1)
            {
                // one settlement raced the sweeper: record the others alone so one loser fails only itself
                foreach (var b in batch) await RecordAloneAsync(b);
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Recording {Count} completions failed", batch.Count);
                foreach (var b in batch) b.Done.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// Two round trips: [BEGIN; lock rows] then [events; settled rows; COMMIT], the COMMIT synchronous.
    /// The admission projection is folded here, as the inline projection would fold it.
    /// </summary>
    private async Task AppendAsync(IReadOnlyList<StreamAppend> appends)
    {
        var facts = appends.Select(a => (a.Events[0].Data, a.OccurredAt)).ToList();
        var touched = facts.Select(f => AdmissionProjection.Touches(f.Data)).ToList();
        await using var c = await _db.OpenConnectionAsync();
        try
        {
            var (orgs, keys) = await AdmissionRowStore.LockAsync(c, null,
                touched.Select(t => t.OrgId).OfType<Guid>().ToHashSet(), touched.Select(t => t.KeyId).OfType<Guid>().ToHashSet(), default, begin: true);
            var changes = AdmissionProjection.Fold(orgs, keys, facts, _policy);
            await using var batch = new NpgsqlBatch(c) { BatchCommands = { _store.OnePerStreamCommand(appends) } };
            foreach (var command in AdmissionRowStore.SaveCommands(changes)) batch.BatchCommands.Add(command);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
            await batch.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (EventStore.EventStore.IsOnePerStreamConflict(e))
        {
            await AdmissionRowStore.RollbackQuietlyAsync(c);
            throw new ConcurrencyException($"{appends.Count} request streams from {appends[0].StreamId}", ExpectedVersion.Exactly(1), -1);
        }
        catch
        {
            await AdmissionRowStore.RollbackQuietlyAsync(c);
            throw;
        }
        _store.NotifyAppended();
    }

    private async Task RecordAloneAsync((StreamAppend Append, TaskCompletionSource Done) item)
    {
        try { await _store.AppendAsync(item.Append, default); item.Done.TrySetResult(); }
        catch (Exception e) { item.Done.TrySetException(e); }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }
}
