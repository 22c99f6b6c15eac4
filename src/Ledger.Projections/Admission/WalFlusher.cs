using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// Makes committed work durable in groups. The request path commits asynchronously, so no row lock
/// is held through a disk flush; before a settled request is answered, one small synchronous commit
/// flushes the WAL up to itself, which covers every commit that returned before it started (WAL is
/// flushed in order). Callers arriving while a flush runs share the next one.
/// </summary>
public sealed class WalFlusher(NpgsqlDataSource db)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _pending;
    private bool _running;

    /// <summary>Completes once everything the caller committed before calling is on disk.</summary>
    public Task FlushAsync()
    {
        lock (_lock)
        {
            var round = _pending ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync);
            }
            return round.Task;
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            TaskCompletionSource round;
            lock (_lock)
            {
                if (_pending is null) { _running = false; return; }
                (round, _pending) = (_pending, null);
            }
            try
            {
                await using var c = await db.OpenConnectionAsync();
                // a transaction id gives the commit a WAL record of its own, so committing it flushes
                await using var batch = new NpgsqlBatch(c)
                {
                    BatchCommands = { new("begin"), new("select pg_current_xact_id()"), new("commit") },
                };
                await batch.ExecuteNonQueryAsync();
                round.SetResult();
            }
            catch (Exception e)
            {
                round.SetException(e);
            }
        }
    }
}
