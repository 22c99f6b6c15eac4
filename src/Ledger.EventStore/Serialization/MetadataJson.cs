using System.Text.Json;

namespace Ledger.EventStore;

/// <summary>The metadata document: {correlation_id, causation_id, actor}, as the UTF-8 JSON stored.</summary>
internal static class MetadataJson
{
    public static byte[] SerializeToUtf8(EventMetadata metadata) =>
        JsonSerializer.SerializeToUtf8Bytes(metadata, EventTypeRegistry.JsonOptions);

    public static EventMetadata Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<EventMetadata>(json, EventTypeRegistry.JsonOptions)
        ?? throw new JsonException("Event metadata is null.");
}
