using System.Text.Json;
using JasperFx.Events;
using Ledger.EventStore;

namespace Ledger.Projections.AsyncDaemon;

/// <summary>A Marten event as the projections read it.</summary>
public static class MartenEvents
{
    public const string ActorHeader = "actor";
    public const string OrgHeader = "org";

    /// <summary>
    /// Seq, id, stream, version, alias, data and timestamp from Marten's columns; actor and org from the
    /// headers. TxId is 0: no projection orders by it (Marten's high-water mark orders the pages).
    /// A correlation id that is not a guid (Marten stores text) reads as <see cref="Guid.Empty"/>;
    /// no projection reads the metadata.
    /// </summary>
    public static RecordedEvent ToRecorded(IEvent e) => new(
        e.Sequence, e.Id, e.StreamKey ?? e.StreamId.ToString(), checked((int)e.Version), e.EventTypeName, e.Data,
        new EventMetadata(Guid.TryParse(e.CorrelationId, out var correlation) ? correlation : Guid.Empty,
            Guid.TryParse(e.CausationId, out var causation) ? causation : null, Header(e, ActorHeader) ?? ""),
        Header(e, OrgHeader) is { } org ? Guid.Parse(org) : null,
        e.Timestamp, 0);

    /// <summary>A header as text: Marten gives back what it deserialised, a <see cref="JsonElement"/> under System.Text.Json.</summary>
    private static string? Header(IEvent e, string key) => e.GetHeader(key) switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        var other => throw new FormatException($"Event #{e.Sequence}: header '{key}' is {other.GetType().Name} {other}, not text."),
    };
}
