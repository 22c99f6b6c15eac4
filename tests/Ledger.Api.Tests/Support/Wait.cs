using Npgsql;

namespace Ledger.Api.Tests.Support;

/// <summary>Polling with a deadline, for tests that wait on another node, the daemon or a database coming back.</summary>
public static class Wait
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    /// <summary>Tries until <paramref name="done"/> holds or 30 s pass, and hands back the last attempt either way.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var result = await attempt();
            if (done(result) || DateTime.UtcNow > deadline) return result;
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Polls until the condition holds; a database not reachable yet counts as not yet. Throws after 30 s.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? every = null)
    {
        var held = await ForAsync(async () =>
        {
            try { return await condition(); }
            catch (NpgsqlException) { return false; }
        }, held => held, every);
        if (!held) throw new TimeoutException($"the condition did not hold within {Within.TotalSeconds:0} s");
    }
}
