namespace Ledger.Api.Commands;

/// <summary>Reads a stream's events and its current version (0 when it does not exist).</summary>
public sealed class StreamsReader(EventStore.EventStore store)
{
    public async Task<(IReadOnlyList<object> Events, int Version)> LoadAsync(string streamId, CancellationToken ct)
    {
        var events = await store.ReadStreamAsync(streamId, 1, ct);
        return (events.Select(e => e.Data).ToList(), events.Count == 0 ? 0 : events[^1].Version);
    }
}
