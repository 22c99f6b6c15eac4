using System.Threading.Channels;
using Ledger.Domain.Admission;
using Ledger.Domain.Pricing;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>The dearest price a request could be served at, in the org's currency, and the model's output cap.</summary>
public sealed record ModelQuote(UnitPrices WorstCase, int MaxOutputTokens);

/// <summary>A request waiting for admission. <see cref="Quote"/> prices the model for the key's org once its row is known.</summary>
public sealed record AdmissionTicket(
    string KeyHash, Guid RequestId, string Model, bool Stream, int PromptTokensEstimate, int? MaxTokens,
    Func<OrgAdmission, ModelQuote?> Quote);

/// <summary>The outcome; <see cref="Decision"/> is null when the presented key matches no key at all.</summary>
public sealed record AdmissionResult(AdmissionDecision? Decision, KeyAdmission? Key, OrgAdmission? Org, DateTimeOffset At);

/// <summary>
/// Admits requests in shared transactions (group commit): a writer takes every ticket waiting, locks
/// the org rows then the key rows in id order, decides each ticket in arrival order against rows it
/// folds forward in memory, appends one event per ticket and saves the rows — so limits are exact
/// across any number of nodes while throughput is not bounded by one commit per request.
/// The commit is asynchronous: its rows are visible to every node at once, and the completion's
/// synchronous commit later flushes it to disk (see DESIGN: one fsync per request).
/// </summary>
public sealed class AdmissionGate : IAsyncDisposable
{
    private readonly Channel<(AdmissionTicket Ticket, TaskCompletionSource<AdmissionResult> Done)> _queue =
        Channel.CreateUnbounded<(AdmissionTicket, TaskCompletionSource<AdmissionResult>)>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task[] _writers;
    private readonly NpgsqlDataSource _db;
    private readonly EventStore.EventStore _store;
    private readonly AdmissionPolicy _policy;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly int _maxBatch;

    public AdmissionGate(NpgsqlDataSource db, EventStore.EventStore store, AdmissionPolicy policy, TimeProvider clock,
        ILogger<AdmissionGate> log, int writers = 2, int maxBatch = 256)
    {
        (_db, _store, _policy, _clock, _log, _maxBatch) = (db, store, policy, clock, log, maxBatch);
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    public Task<AdmissionResult> AdmitAsync(AdmissionTicket ticket)
    {
        var done = new TaskCompletionSource<AdmissionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((ticket, done))) done.SetException(new ObjectDisposedException(nameof(AdmissionGate)));
        return done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(AdmissionTicket Ticket, TaskCompletionSource<AdmissionResult> Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            if (batch.Count == 0) continue;
            try
            {
                var results = await AdmitBatchAsync(batch.Select(b => b.Ticket).ToList());
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Admission batch of {Count} failed; nothing in it was recorded", batch.Count);
                foreach (var b in batch) b.Done.TrySetException(e);
            }
        }
    }

    /// <summary>Two round trips: [BEGIN; lock rows] then [events; rows; COMMIT].</summary>
    private async Task<AdmissionResult[]> AdmitBatchAsync(List<AdmissionTicket> tickets)
    {
        await using var c = await _db.OpenConnectionAsync();
        try
        {
            var (orgs, keys) = await AdmissionRowStore.LockByHashAsync(c, null, tickets.Select(t => t.KeyHash).Distinct().ToList(), default, begin: true);
            var (results, appends, changes) = Decide(tickets, orgs, keys);

            await using var batch = new NpgsqlBatch(c);
            // visible to every node at commit; made durable by the completion's synchronous commit
            batch.BatchCommands.Add(new NpgsqlBatchCommand("set local synchronous_commit = off"));
            if (appends.Count > 0) batch.BatchCommands.Add(_store.OnePerStreamCommand(appends));
            foreach (var command in AdmissionRowStore.SaveCommands(changes)) batch.BatchCommands.Add(command);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
            await batch.ExecuteNonQueryAsync();
            if (appends.Count > 0) _store.NotifyAppended();
            return results;
        }
        catch
        {
            await AdmissionRowStore.RollbackQuietlyAsync(c);
            throw;
        }
    }

    /// <summary>Decides each ticket in arrival order against rows folded forward in memory.</summary>
    private (AdmissionResult[], List<StreamAppend>, RowChanges) Decide(
        List<AdmissionTicket> tickets, Dictionary<Guid, OrgAdmission> orgs, Dictionary<Guid, KeyAdmission> keys)
    {
        var byHash = keys.Values.ToDictionary(k => k.KeyHash, k => k.KeyId);
        var appends = new List<StreamAppend>(tickets.Count);
        var admitted = new List<(object, DateTimeOffset)>();
        var results = new AdmissionResult[tickets.Count];
        for (var i = 0; i < tickets.Count; i++)
        {
            var t = tickets[i];
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
            appends.Add(new StreamAppend($"req-{t.RequestId}", "request", org.OrgId, ExpectedVersion.NoStream,
                [new NewEvent(t.RequestId, decision.Event)], new EventMetadata(t.RequestId, null, $"key:{key.KeyId}"), now));
            if (decision.Admitted)
            {
                // folded at once, so the next ticket on this key or org sees this admission
                AdmissionProjection.Fold(orgs, keys, [(decision.Event, now)], _policy);
                admitted.Add((decision.Event, now));
            }
        }
        var changed = admitted.Select(a => (RequestAdmitted)a.Item1).ToList();
        var changes = new RowChanges(
            changed.Select(a => a.OrgId).Distinct().Select(id => orgs[id]).ToList(),
            changed.Select(a => a.KeyId).Distinct().Select(id => keys[id]).ToList(),
            admitted.Select(a => ((RequestAdmitted)a.Item1, a.Item2)).ToList(), []);
        return (results, appends, changes);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }
}
