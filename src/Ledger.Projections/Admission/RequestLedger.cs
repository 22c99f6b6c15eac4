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
/// <para>
/// A batch meets the parts in <c>Writing/</c> in this order: <see cref="WriterShard"/> queues and
/// drains; <see cref="ShardConnection"/> keeps the connection and tries the write again;
/// <see cref="BatchWriter"/> makes the round trip; <see cref="BatchDecider"/> decides the batch;
/// <see cref="Callers"/> answers its callers.
/// </para>
/// </summary>
public sealed class RequestLedger : IAsyncDisposable
{
    private readonly WriterShard[] _shards;
    private readonly AdmissionRowCache _cache;
    private readonly BatchWriter _writer;
    private volatile bool _disposed;

    public RequestLedger(NpgsqlDataSource db, EventStore.EventStore store, AdmissionPolicy policy, TimeProvider clock,
        ILogger<RequestLedger> log, int shards = 1, int maxBatch = 256, int cachedKeys = 200_000)
    {
        _cache = new AdmissionRowCache(cachedKeys);
        _writer = new BatchWriter(_cache, store, policy, clock);
        _shards = Enumerable.Range(0, shards).Select(_ => new WriterShard(new ShardConnection(db, _writer), maxBatch, log)).ToArray();
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
        var e = new ChainedEvent(Streams.Request(requestId), orgId, 2, admissionHash,
            new NewEvent(Guid.CreateVersion7(), settlement), new EventMetadata(requestId, requestId, actor), at);
        Enqueue(ShardOf(orgId), new QueuedSettlement(e, orgId, keyId, done));
        return done.Task;
    }

    private int ShardOf(Guid org) => (int)((uint)org.GetHashCode() % (uint)_shards.Length);
    private int ShardOf(string keyHash) => (int)((uint)keyHash.GetHashCode() % (uint)_shards.Length);

    private void Enqueue(int shard, QueuedWork work)
    {
        if (_disposed) { Callers.Fail(work, new ObjectDisposedException(nameof(RequestLedger))); return; }
        _shards[shard].Enqueue(work);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var shard in _shards) await shard.DisposeAsync();
    }
}
