using System.Data;
using Ledger.Domain.Admission;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// Writes one batch in one transaction: its rows from <see cref="AdmissionRowCache"/> or read under
/// lock, the batch decided on them, then its events and rows sent with the COMMIT, and its callers
/// answered. Trying again is <see cref="ShardConnection"/>'s job.
/// </summary>
internal sealed class BatchWriter(AdmissionRowCache cache, EventStore.EventStore store, AdmissionPolicy policy, TimeProvider clock)
{
    private long _lockedBatches;

    /// <summary>Batches written on the locked path: <see cref="RequestLedger.LockedBatches"/>.</summary>
    public long LockedBatches => Interlocked.Read(ref _lockedBatches);

    /// <summary>
    /// One round trip, [BEGIN; events; rows at their versions; COMMIT], when every row is cached;
    /// else (or with <paramref name="lockRows"/>) [BEGIN; lock rows] first. False when a cached row had moved.
    /// Throws <see cref="CommitUnknownException"/> when the connection broke once the batch was sent,
    /// and <see cref="ConcurrencyException"/> when a request's stream already had the event's version.
    /// </summary>
    public async Task<bool> TryWriteAsync(NpgsqlConnection c, IReadOnlyList<QueuedWork> batch, bool lockRows)
    {
        var admissions = batch.OfType<QueuedAdmission>().ToList();
        var settlements = batch.OfType<QueuedSettlement>().ToList();
        var hashes = admissions.Select(a => a.Ticket.KeyHash).Distinct().ToArray();
        var (orgIds, keyIds) = (settlements.Select(s => s.OrgId).Distinct().ToArray(), settlements.Select(s => s.KeyId).Distinct().ToArray());
        var rows = lockRows ? null : cache.Get(hashes, orgIds, keyIds);
        var cached = rows is not null;
        if (!cached) Interlocked.Increment(ref _lockedBatches);
        try
        {
            rows ??= await AdmissionRowStore.BeginAndLockAsync(c, hashes, orgIds, keyIds, default);
            var plan = BatchDecider.Decide(admissions, settlements, rows, policy, clock);
            var append = store.Chain(plan.Events);
            void Answer(bool inline) => Callers.Answer(plan, append.Hashes, inline);

            await using var write = new NpgsqlBatch(c);
            AddWrite(write.BatchCommands, begin: cached, append, rows, plan.Changes);
            var backend = c.ProcessID;
            try { await write.ExecuteNonQueryAsync(); }
            catch (NpgsqlException e) when (c.FullState.HasFlag(ConnectionState.Broken))
            {
                cache.Forget(rows);
                throw new CommitUnknownException(backend, plan.FirstEventId, () => Answer(inline: false), e);
            }

            cache.Put(rows, plan.Changes);
            Answer(Callers.InlineFor(batch.Count));
            return true;
        }
        catch (CommitUnknownException)
        {
            throw;
        }
        catch (PostgresException e) when (cached && AdmissionRowStore.IsMoved(e))
        {
            await AdmissionRowStore.RollbackQuietlyAsync(c);
            cache.Forget(rows!);
            return false;
        }
        catch (PostgresException e) when (ChainedAppend.IsConflict(e))
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

    /// <param name="begin">Open the transaction here: rows read under lock opened it already.</param>
    private static void AddWrite(NpgsqlBatchCommandCollection commands, bool begin, ChainedAppend append, AdmissionRowSet rows, RowChanges changes)
    {
        if (begin) commands.Add(new NpgsqlBatchCommand("begin"));
        foreach (var command in append.Commands()) commands.Add(command);
        if (rows.OrgVersions.Count + rows.KeyVersions.Count > 0)
            commands.Add(AdmissionRowStore.SaveAtVersionsCommand(rows, changes));
        commands.Add(new NpgsqlBatchCommand("commit"));
    }
}
