using Npgsql;

namespace Ledger.EventStore;

/// <summary>
/// Sends NOTIFY ledger_events after appends commit, in its own tiny transaction, at most one in
/// flight plus one trailing: a NOTIFY inside the append transaction would serialise every commit
/// behind PostgreSQL's notify queue lock. A lost notification only costs the daemon's poll interval.
/// </summary>
internal sealed class AppendNotifier(NpgsqlDataSource dataSource)
{
    public const string Channel = "ledger_events";

    private const int Idle = 0, Sending = 1, SendingWithMore = 2;
    private int _state;

    public void Signal()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle when Interlocked.CompareExchange(ref _state, Sending, Idle) == Idle:
                    _ = Task.Run(SendAsync);
                    return;
                case Sending when Interlocked.CompareExchange(ref _state, SendingWithMore, Sending) == Sending:
                case SendingWithMore:
                    return;
            }
        }
    }

    private async Task SendAsync()
    {
        while (true)
        {
            try
            {
                await using var command = dataSource.CreateCommand($"select pg_notify('{Channel}', '')");
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException) { }
            catch (TimeoutException) { }

            // appends that committed while this NOTIFY was on its way need one more
            if (Interlocked.CompareExchange(ref _state, Sending, SendingWithMore) == SendingWithMore)
                continue;
            if (Interlocked.CompareExchange(ref _state, Idle, Sending) == Sending)
                return;
        }
    }
}
