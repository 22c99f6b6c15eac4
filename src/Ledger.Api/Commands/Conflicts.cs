using Ledger.EventStore;

namespace Ledger.Api.Commands;

/// <summary>
/// Optimistic concurrency: a command that lost a race to another writer reads again and decides
/// again. Each attempt must re-read everything it decides on.
/// </summary>
public static class Conflicts
{
    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt, int maxAttempts = 20)
    {
        for (var n = 1; ; n++)
        {
            try { return await attempt(); }
            catch (ConcurrencyException) when (n < maxAttempts) { }
        }
    }
}
