using Ledger.EventStore;

namespace Ledger.Api.Commands;

/// <summary>The If-Match version no longer matches the stream: the client edited a stale copy.</summary>
public sealed class StaleVersionException(string streamId, int expected, int actual)
    : Exception($"{streamId} is at version {actual}, not {expected}: reload it and apply the change again.")
{
    public int Actual { get; } = actual;
}

/// <summary>
/// Runs a command against one stream: read, fold, decide, append at the version read. A conflicting
/// writer makes it re-read and decide again, unless the caller pinned a version with If-Match.
/// </summary>
public sealed class StreamCommands(EventStore.EventStore store, StreamsReader reader, TimeProvider clock)
{
    private const int Attempts = 20;

    public async Task<(TState? State, int Version, IReadOnlyList<object> Appended)> RunAsync<TState>(
        string streamId, string streamType, Guid orgId,
        Func<IEnumerable<object>, TState?> fold, Func<TState?, object[]> decide,
        string actor, int? ifMatch, CancellationToken ct) where TState : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var (history, version) = await reader.LoadAsync(streamId, ct);
            if (ifMatch is int expected && expected != version) throw new StaleVersionException(streamId, expected, version);
            var state = fold(history);
            var events = decide(state);
            if (events.Length == 0) return (state, version, []);
            try
            {
                var result = await store.AppendAsync(new StreamAppend(streamId, streamType, orgId,
                    version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
                    events.Select(e => new NewEvent(Guid.NewGuid(), e)).ToList(),
                    new EventMetadata(Guid.NewGuid(), null, actor), clock.GetUtcNow()), ct);
                return (fold(history.Concat(events)), result.Version, events);
            }
            catch (ConcurrencyException) when (ifMatch is null && attempt < Attempts)
            {
                // another writer got there first: decide again against what it wrote
            }
        }
    }
}
