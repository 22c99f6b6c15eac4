namespace Ledger.EventStore;

/// <summary>A wake-up that is remembered until the waiter consumes it.</summary>
internal sealed class Pulse
{
    private TaskCompletionSource _signal = NewSignal();

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Returns when set (even before the call) or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var signal = Volatile.Read(ref _signal);
        try
        {
            await signal.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException) { }
        Interlocked.CompareExchange(ref _signal, NewSignal(), signal);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
