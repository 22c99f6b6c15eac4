using Npgsql;

namespace Ledger.EventStore;

/// <summary>
/// Sends NOTIFY ledger_events after appends commit, in its own tiny transaction, at most one in
/// flight plus one trailing: a NOTIFY inside the append transaction would serialise every commit
/// behind PostgreSQL's notify queue lock. A lost notification only costs the daemon's poll interval.
/// </summary>
/// <remarks>
/// The first signal after a quiet spell is sent at once; signals after it wait at least
/// <see cref="Spacing"/> and share one NOTIFY. The daemon reads at most a batch per
/// MinBatchInterval anyway, and the request path commits hundreds of batches a second, each of
/// which would otherwise cost a NOTIFY (a pooled connection, its reset and a round trip).
/// </remarks>
internal sealed class AppendNotifier(NpgsqlDataSource dataSource)
{
    public const string Channel = "ledger_events";
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(10);

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
            await NotifyAsync();
            // appends that committed while this NOTIFY was on its way need one more, a little later
            if (Interlocked.CompareExchange(ref _state, Sending, SendingWithMore) == SendingWithMore)
            {
                await Task.Delay(Spacing);
                continue;
            }
            if (Interlocked.CompareExchange(ref _state, Idle, Sending) == Sending)
                return;
        }
    }

    private async Task NotifyAsync()
    {
        try
        {
            await using var command = dataSource.CreateCommand($"select pg_notify('{Channel}', '')");
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException) { }
        catch (TimeoutException) { }
    }
}
