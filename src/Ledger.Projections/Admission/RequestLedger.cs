using System.Collections.Concurrent;
using System.Data;
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
/// Work is sharded by org (one shard unless configured otherwise: bigger batches), one writer per
/// shard at a time, so a node's own writers never wait on each other's row locks. A writer takes
/// everything waiting in its shard, folds the settlements into the
/// org and key rows, decides each admission in arrival order against rows folded forward in memory,
/// then in one round trip appends one event per request and saves the rows at the versions it
/// decided on. The rows come from <see cref="AdmissionRowCache"/> when it has them all; otherwise,
/// or when the save finds a row moved (by another node, or by a command such as a revocation), the
/// batch is decided again against rows read and locked in the same transaction (one round trip more).
/// </para>
/// <para>
/// A commit is visible to every node at once, which is what keeps limits exact, and every batch
/// commits synchronously: one WAL flush per batch, shared by all its requests (group commit by
/// batching), so nothing is handed back before it is on disk. A request goes to its provider, and a
/// refusal or a settled answer to its client, only once its event would survive a crash of the
/// database. (An earlier version committed admissions asynchronously and counted on the settlement's
/// flush to cover them; a database that crashed and recovered while the request was at its provider
/// lost the admission, and the settlement then landed without it: <c>DatabaseCrashTests</c>. A node's
/// writers never share a row, so none waits on another's flush, and on this project's machine the
/// synchronous batches measured no slower than asynchronous commits with a separate group flush.)
/// </para>
/// </summary>
public sealed class RequestLedger : IAsyncDisposable
{
    /// <summary>A shard's queue, and its writer: whoever finds it idle drains it, one at a time.</summary>
    private sealed class Shard
    {
        public readonly ConcurrentQueue<QueuedWork> Queue = new();
        public int Draining;
        public Task Drain = Task.CompletedTask;
        public required ShardConnection Connection;
    }

    private readonly Shard[] _shards;
    private volatile bool _disposed;
    private readonly AdmissionRowCache _cache;
    private readonly NpgsqlDataSource _db;
    private readonly BatchWriter _writer;
    private readonly ILogger _log;
    private readonly int _maxBatch;

    public RequestLedger(NpgsqlDataSource db, EventStore.EventStore store, AdmissionPolicy policy, TimeProvider clock,
        ILogger<RequestLedger> log, int shards = 1, int maxBatch = 256, int cachedKeys = 200_000)
    {
        (_db, _log, _maxBatch) = (db, log, maxBatch);
        _cache = new AdmissionRowCache(cachedKeys);
        _writer = new BatchWriter(_cache, store, policy, clock);
        _shards = Enumerable.Range(0, shards).Select(_ => new Shard { Connection = new ShardConnection(db, _writer) }).ToArray();
    }

    /// <summary>
    /// Batches decided on rows read and locked in the database (a row not cached, or one that moved)
    /// instead of on the cached rows: the slower path, one round trip more.
    /// </summary>
    public long LockedBatches => _writer.LockedBatches;

    /// <summary>Whether this node holds the admission rows of the key with this hash (then it surely exists).</summary>
    public bool KnowsKey(string keyHash) => _cache.OrgOfKey(keyHash) is not null;

    /// <summary>Decides and records the request; completes once its event (if any) is on disk.</summary>
    public Task<AdmissionResult> AdmitAsync(AdmissionTicket ticket)
    {
        var done = new TaskCompletionSource<AdmissionResult>();
        var shard = _cache.OrgOfKey(ticket.KeyHash) is Guid org ? ShardOf(org) : ShardOf(ticket.KeyHash);
        Enqueue(shard, new QueuedAdmission(ticket, done));
        return done.Task;
    }

    /// <summary>
    /// Appends the request's settlement (a <see cref="RequestCompleted"/> or <see cref="ReservationExpired"/>)
    /// as version 2 of its stream, after its admission (whose hash the admission returned); completes
    /// once it is on disk. Throws <see cref="ConcurrencyException"/> if the request was settled already.
    /// </summary>
    public Task SettleAsync(Guid requestId, Guid orgId, Guid keyId, byte[] admissionHash, object settlement, string actor, DateTimeOffset at)
    {
        var done = new TaskCompletionSource();
        var e = new ChainedEvent(Streams.Request(requestId), Streams.RequestType, orgId, 2, admissionHash,
            new NewEvent(Guid.CreateVersion7(), settlement), new EventMetadata(requestId, requestId, actor), at, Closes: true);
        Enqueue(ShardOf(orgId), new QueuedSettlement(e, orgId, keyId, done));
        return done.Task;
    }

    private int ShardOf(Guid org) => (int)((uint)org.GetHashCode() % (uint)_shards.Length);
    private int ShardOf(string keyHash) => (int)((uint)keyHash.GetHashCode() % (uint)_shards.Length);

    /// <summary>
    /// Queues the work; if its shard is idle, this caller starts the shard's writer itself, on its own
    /// thread up to the first round trip, rather than waking a waiting loop (a thread hop, which is
    /// expensive on a small virtual machine and shows at one connection).
    /// </summary>
    private void Enqueue(int index, QueuedWork work)
    {
        var shard = _shards[index];
        if (_disposed) { Callers.Fail(work, new ObjectDisposedException(nameof(RequestLedger))); return; }
        shard.Queue.Enqueue(work);
        if (Interlocked.CompareExchange(ref shard.Draining, 1, 0) == 0)
            shard.Drain = DrainAsync(shard);
    }

    /// <summary>
    /// Writes the shard's queue in batches, one after another, on a connection of its own (reopened when
    /// it breaks, and a batch that found it broken tried once more on the new one), until the queue is empty.
    /// </summary>
    private async Task DrainAsync(Shard shard)
    {
        var batch = new List<QueuedWork>();
        while (true)
        {
            while (batch.Count < _maxBatch && shard.Queue.TryDequeue(out var work)) batch.Add(work);
            if (batch.Count == 0)
            {
                Volatile.Write(ref shard.Draining, 0);
                // work queued after the last look, by a caller who saw this drain still running
                if (shard.Queue.IsEmpty || Interlocked.CompareExchange(ref shard.Draining, 1, 0) != 0) return;
                continue;
            }
            try { await shard.Connection.WriteAsync(batch, mayReopen: true); }
            catch (ConcurrencyException) when (batch.Any(w => w is QueuedSettlement))
            {
                // a settlement lost to the sweeper: admit the rest again, settle each alone
                await WriteAloneAsync(shard.Connection, batch);
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Writing {Count} requests to the ledger failed; none of them was recorded", batch.Count);
                Callers.Fail(batch, e);
            }
            await shard.Connection.DropIfNotOpenAsync();
            batch.Clear();
        }
    }

    private static async Task WriteAloneAsync(ShardConnection c, List<QueuedWork> batch)
    {
        var admissions = batch.Where(w => w is QueuedAdmission).ToList();
        try { if (admissions.Count > 0) await c.WriteAsync(admissions, mayReopen: false); }
        catch (Exception e) { Callers.Fail(admissions, e); }
        foreach (var s in batch.OfType<QueuedSettlement>())
        {
            try { await c.WriteAsync([s], mayReopen: false); }
            catch (Exception e) { Callers.Fail(s, e); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var shard in _shards)
        {
            await shard.Drain;
            await shard.Connection.DisposeAsync();
        }
    }
}
