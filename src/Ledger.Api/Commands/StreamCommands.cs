using Ledger.EventStore;

namespace Ledger.Api.Commands;

/// <summary>The If-Match version no longer matches the stream: the client edited a stale copy.</summary>
public sealed class StaleVersionException(string streamId, int expected, int actual)
    : Exception($"{streamId} is at version {actual}, not {expected}: reload it and apply the change again.");

/// <summary>
/// Runs a command against one stream: read, fold, decide, append at the version read. A conflicting
/// writer makes it re-read and decide again, unless the caller pinned a version with If-Match.
/// </summary>
public sealed class StreamCommands(EventStore.EventStore store, StreamsReader reader, TimeProvider clock)
{
    /// <summary>The stream's version afterwards and the events the decision appended (none is fine).</summary>
    public Task<(int Version, IReadOnlyList<object> Appended)> RunAsync<TState>(
        string streamId, string streamType, Guid orgId,
        Func<IEnumerable<object>, TState?> fold, Func<TState?, object[]> decide,
        string actor, int? ifMatch, CancellationToken ct) where TState : class =>
        Conflicts.RetryAsync<(int, IReadOnlyList<object>)>(async () =>
        {
            var (history, version) = await reader.LoadAsync(streamId, ct);
            // decide first: the decider refuses an unknown or foreign stream (404) before a stale If-Match
            // could answer 412 with the version of a stream the caller may not see
            var events = decide(fold(history));
            if (ifMatch is int expected && expected != version) throw new StaleVersionException(streamId, expected, version);
            if (events.Length == 0) return (version, []);
            var result = await store.AppendAsync(new StreamAppend(streamId, streamType, orgId,
                version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
                NewEvent.Each(events), new EventMetadata(Guid.NewGuid(), null, actor), clock.GetUtcNow()), ct);
            return (result.Version, events);
        }, maxAttempts: ifMatch is null ? 20 : 1);   // a pinned version is not re-decided: the conflict is the answer
}
