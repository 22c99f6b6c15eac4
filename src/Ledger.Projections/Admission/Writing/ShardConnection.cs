using System.Data;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// A shard's connection, opened when a batch needs it and let go when it breaks, and the one place
/// a batch's write is tried again.
/// </summary>
internal sealed class ShardConnection(NpgsqlDataSource db, BatchWriter writer) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    /// <summary>
    /// Writes the batch, trying again as its failure allows: when a cached row had moved, decided again
    /// on rows read under lock; after a deadlock, once more; when the connection broke, once on a new
    /// connection (if <paramref name="mayReopen"/>), with a deadlock retry of its own. Each retry starts
    /// from the cache, as the first try does; any other failure, or one past its retries, is thrown.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<QueuedWork> batch, bool mayReopen)
    {
        var c = _connection ??= await db.OpenConnectionAsync();
        var (lockRows, deadlockRetried, reopened) = (false, false, !mayReopen);
        while (true)
        {
            try
            {
                if (await writer.TryWriteAsync(c, batch, lockRows)) return;
                lockRows = true; // a cached row had moved
                continue;
            }
            // rows locked in another order than ours (in principle: every writer locks orgs, then keys, in id order)
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && !deadlockRetried)
            {
                deadlockRetried = true;
            }
            catch (CommitUnknownException unknown) when (!reopened)
            {
                // The link broke after the batch (COMMIT included) was sent: it may have committed.
                // Asked on a new connection once the old session is gone, a batch that did commit
                // is answered as committed; one that did not is written again.
                c = await ReopenAsync(c);
                if (await CommittedAsync(c, unknown)) { unknown.AnswerCommitted(); return; }
                (deadlockRetried, reopened) = (false, true);
            }
            catch (CommitUnknownException unknown)
            {
                // lost again after the one reopen: the callers hear what broke (503 ledger_unavailable), not our bookkeeping
                ExceptionDispatchInfo.Throw(unknown.InnerException!);
            }
            catch (NpgsqlException) when (!reopened && c.FullState.HasFlag(ConnectionState.Broken))
            {
                // The connection had died while it sat idle (the database restarted or failed over)
                // and nothing of the batch was sent: the batch once more on a new one, rather than
                // 503s for requests the database can take now.
                c = await ReopenAsync(c);
                (deadlockRetried, reopened) = (false, true);
            }
            lockRows = false;
        }
    }

    private async Task<NpgsqlConnection> ReopenAsync(NpgsqlConnection broken)
    {
        await broken.DisposeAsync();
        _connection = null;
        return _connection = await db.OpenConnectionAsync();
    }

    /// <summary>
    /// Whether the batch behind <paramref name="unknown"/> committed. Its old session may still be running
    /// it (a link that broke on our side need not have reached the server yet), so that session is ended
    /// first, waiting for it to exit: after that its transaction has committed or rolled back for good,
    /// and the batch's first event says which. (A PID is not reused within the seconds this takes.)
    /// </summary>
    private static async Task<bool> CommittedAsync(NpgsqlConnection c, CommitUnknownException unknown)
    {
        if (unknown.FirstEventId is not Guid first) return false; // no events: writing it again records nothing twice
        await using var ask = new NpgsqlBatch(c)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    select pg_terminate_backend(pid, 10000) from pg_stat_activity
                    where pid = $1 and usename = current_user and backend_type = 'client backend'
                    """) { Parameters = { new() { Value = unknown.BackendPid } } },
                new NpgsqlBatchCommand("select exists (select 1 from mt_events where id = $1)") { Parameters = { new() { Value = first } } },
            },
        };
        await using var reader = await ask.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.GetBoolean(0);
    }

    /// <summary>After a batch: a connection no longer open is let go, and the next batch opens another.</summary>
    public async Task DropIfNotOpenAsync()
    {
        if (_connection is { FullState: not ConnectionState.Open })
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
