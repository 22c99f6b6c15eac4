using System.Collections.Concurrent;
using System.Threading.Channels;
using Ledger.Domain;
using Ledger.Domain.Admission;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// The request path's writer: admissions and settlements, in shared transactions (group commit).
/// <para>
/// Work is sharded by org, one writer loop per shard, so a node's own writers never wait on each
/// other's row locks. A loop takes everything waiting in its shard and, in two round trips, opens a
/// transaction and locks the org rows then the key rows in id order (no deadlocks across nodes),
/// folds the settlements, decides each admission in arrival order against rows folded forward in
/// memory, then appends one event per request, saves the rows and commits.
/// </para>
/// <para>
/// Commits are asynchronous, so no row lock is held through a disk flush: a commit is visible to
/// every node at once, which is what keeps limits exact. A settlement is acknowledged only after
/// <see cref="WalFlusher"/> has flushed the WAL past it, so a client never holds an answer whose cost
/// could still be lost; an admission needs no flush of its own (its settlement's flush covers it).
/// </para>
/// </summary>
public sealed class RequestLedger : IAsyncDisposable
{
    private abstract record Work;
    private sealed record Admission(AdmissionTicket Ticket, TaskCompletionSource<AdmissionResult> Done) : Work;
    private sealed record Settlement(StreamAppend Append, Guid OrgId, Guid KeyId, TaskCompletionSource Done) : Work;

    private readonly Channel<Work>[] _shards;
    private readonly Task[] _writers;
    // a key's org never changes, so this only ever learns
    private readonly ConcurrentDictionary<string, Guid> _orgOfKey = new();
    private readonly NpgsqlDataSource _db;
    private readonly EventStore.EventStore _store;
    private readonly AdmissionPolicy _policy;
    private readonly TimeProvider _clock;
    private readonly WalFlusher _flusher;
    private readonly ILogger _log;
    private readonly int _maxBatch;

    public RequestLedger(NpgsqlDataSource db, EventStore.EventStore store, AdmissionPolicy policy, TimeProvider clock,
        WalFlusher flusher, ILogger<RequestLedger> log, int shards = 2, int maxBatch = 256)
    {
        (_db, _store, _policy, _clock, _flusher, _log, _maxBatch) = (db, store, policy, clock, flusher, log, maxBatch);
        _shards = Enumerable.Range(0, shards).Select(_ => Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
        _writers = _shards.Select(shard => Task.Run(() => WriteLoopAsync(shard))).ToArray();
    }

    public Task<AdmissionResult> AdmitAsync(AdmissionTicket ticket)
    {
        var done = new TaskCompletionSource<AdmissionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shard = _orgOfKey.TryGetValue(ticket.KeyHash, out var org) ? ShardOf(org) : ShardOf(ticket.KeyHash);
        Enqueue(shard, new Admission(ticket, done));
        return done.Task;
    }

    /// <summary>Appends the request's settlement (version 2 of its stream); completes once it is on disk.</summary>
    public async Task SettleAsync(Guid requestId, Guid orgId, Guid keyId, object settlement, string actor, DateTimeOffset at)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var append = new StreamAppend(Streams.Request(requestId), Streams.RequestType, orgId, ExpectedVersion.Exactly(1),
            [new NewEvent(Guid.CreateVersion7(), settlement)], new EventMetadata(requestId, requestId, actor), at);
        Enqueue(ShardOf(orgId), new Settlement(append, orgId, keyId, done));
        await done.Task;
        await _flusher.FlushAsync();
    }

    private int ShardOf(Guid org) => (int)((uint)org.GetHashCode() % (uint)_shards.Length);
    private int ShardOf(string keyHash) => (int)((uint)keyHash.GetHashCode() % (uint)_shards.Length);

    private void Enqueue(int shard, Work work)
    {
        if (!_shards[shard].Writer.TryWrite(work)) Fail([work], new ObjectDisposedException(nameof(RequestLedger)));
    }

    private async Task WriteLoopAsync(Channel<Work> shard)
    {
        var batch = new List<Work>(_maxBatch);
        while (await shard.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && shard.Reader.TryRead(out var work)) batch.Add(work);
            if (batch.Count == 0) continue;
            try
            {
                await WriteWithRetryAsync(batch);
            }
            catch (ConcurrencyException) when (batch.Any(w => w is Settlement))
            {
                // a settlement lost to the sweeper: admit the rest again, settle each alone
                await WriteAloneAsync(batch);
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Writing {Count} requests to the ledger failed; none of them was recorded", batch.Count);
                Fail(batch, e);
            }
        }
    }

    private async Task WriteWithRetryAsync(List<Work> batch)
    {
        try { await WriteAsync(batch); }
        // the sweeper locks a request stream before its org row; a settlement here the other way round
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected) { await WriteAsync(batch); }
    }

    private async Task WriteAloneAsync(List<Work> batch)
    {
        var admissions = batch.Where(w => w is Admission).ToList();
        try { if (admissions.Count > 0) await WriteWithRetryAsync(admissions); }
        catch (Exception e) { Fail(admissions, e); }
        foreach (var s in batch.OfType<Settlement>())
        {
            try { await _store.AppendAsync(s.Append); s.Done.TrySetResult(); }
            catch (Exception e) { s.Done.TrySetException(e); }
        }
    }

    private static void Fail(IEnumerable<Work> batch, Exception e)
    {
        foreach (var w in batch)
            if (w is Admission a) a.Done.TrySetException(e);
            else if (w is Settlement s) s.Done.TrySetException(e);
    }

    /// <summary>Two round trips: [BEGIN; lock org rows; lock key rows] then [events; rows; COMMIT].</summary>
    private async Task WriteAsync(List<Work> batch)
    {
        var admissions = batch.OfType<Admission>().ToList();
        var settlements = batch.OfType<Settlement>().ToList();
        await using var c = await _db.OpenConnectionAsync();
        try
        {
            var (orgs, keys) = await AdmissionRowStore.BeginAndLockAsync(c,
                admissions.Select(a => a.Ticket.KeyHash).Distinct().ToArray(),
                settlements.Select(s => s.OrgId).Distinct().ToArray(), settlements.Select(s => s.KeyId).Distinct().ToArray(), default);

            // settlements first: they release reservations that admissions in this batch may need
            var fold = new RowFold(orgs, keys, _policy);
            foreach (var s in settlements) fold.Apply(s.Append.Events[0].Data, s.Append.OccurredAt);
            var (results, appends) = Decide(admissions, orgs, keys, fold);
            appends.AddRange(settlements.Select(s => s.Append));
            var changes = fold.Changes();

            await using var write = new NpgsqlBatch(c);
            write.BatchCommands.Add(new NpgsqlBatchCommand("set local synchronous_commit = off"));
            if (appends.Count > 0) write.BatchCommands.Add(_store.OnePerStreamCommand(appends));
            foreach (var command in AdmissionRowStore.SaveCommands(changes)) write.BatchCommands.Add(command);
            write.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
            await write.ExecuteNonQueryAsync();

            for (var i = 0; i < admissions.Count; i++)
            {
                if (results[i].Key is { } key) _orgOfKey.TryAdd(key.KeyHash, key.OrgId);
                admissions[i].Done.TrySetResult(results[i]);
            }
            foreach (var s in settlements) s.Done.TrySetResult();
            if (appends.Count > 0) _store.NotifyAppended();
        }
        catch (PostgresException e) when (EventStore.EventStore.IsOnePerStreamConflict(e))
        {
            await AdmissionRowStore.RollbackQuietlyAsync(c);
            throw new ConcurrencyException($"{settlements.Count} settlements", ExpectedVersion.Exactly(1), -1);
        }
        catch
        {
            await AdmissionRowStore.RollbackQuietlyAsync(c);
            throw;
        }
    }

    /// <summary>Decides each admission in arrival order against rows folded forward in memory.</summary>
    private (AdmissionResult[], List<StreamAppend>) Decide(
        List<Admission> admissions, Dictionary<Guid, OrgAdmission> orgs, Dictionary<Guid, KeyAdmission> keys, RowFold fold)
    {
        var byHash = keys.Values.ToDictionary(k => k.KeyHash, k => k.KeyId);
        var appends = new List<StreamAppend>(admissions.Count);
        var results = new AdmissionResult[admissions.Count];
        for (var i = 0; i < admissions.Count; i++)
        {
            var t = admissions[i].Ticket;
            var now = _clock.GetUtcNow();
            if (!byHash.TryGetValue(t.KeyHash, out var keyId) || !orgs.TryGetValue(keys[keyId].OrgId, out var org))
            {
                results[i] = new AdmissionResult(null, null, null, now);
                continue;
            }
            var key = keys[keyId];
            var quote = t.Quote(org);
            var decision = AdmissionDecider.Decide(new AdmitRequest(t.RequestId, t.Model, t.Stream, t.PromptTokensEstimate, t.MaxTokens,
                quote?.WorstCase, quote?.MaxOutputTokens ?? 0, now), key, org, _policy);
            results[i] = new AdmissionResult(decision, key, org, now);
            appends.Add(new StreamAppend(Streams.Request(t.RequestId), Streams.RequestType, org.OrgId, ExpectedVersion.NoStream,
                [new NewEvent(t.RequestId, decision.Event)], new EventMetadata(t.RequestId, null, $"key:{key.KeyId}"), now));
            // folded at once, so the next ticket on this key or org sees this admission
            if (decision.Event is RequestAdmitted) fold.Apply(decision.Event, now);
        }
        return (results, appends);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var shard in _shards) shard.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }
}
