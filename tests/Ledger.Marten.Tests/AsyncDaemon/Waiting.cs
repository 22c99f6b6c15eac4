namespace Ledger.Marten.Tests.AsyncDaemon;

internal static class Waiting
{
    /// <summary>Polls until <paramref name="condition"/> holds: a deadline, not a sleep.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not happen within {within}: last seen {value}");
            await Task.Delay(100);
        }
    }
}
