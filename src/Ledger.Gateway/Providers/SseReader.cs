using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers;

/// <summary>
/// The JSON payloads of a provider's server-sent events, read by the runtime's SseParser (System.Net.ServerSentEvents):
/// it keeps to the spec (CR, LF or CRLF line ends, a data field spread over several lines, comments, a BOM) and
/// hands each event's data over as bytes, parsed here without a string in between. Event names are not needed:
/// both OpenAI and Anthropic put the type inside the JSON. OpenAI's "[DONE]" ends the stream.
/// </summary>
internal sealed class SseReader(Stream stream) : IAsyncDisposable
{
    private readonly record struct Payload(JsonObject? Json, bool Done);

    private static ReadOnlySpan<byte> DoneMarker => "[DONE]"u8;
    private IAsyncEnumerator<SseItem<Payload>>? _events;

    /// <summary>The next data payload, or null at "[DONE]" or the end of the stream.</summary>
    /// <param name="ct">Cancels the whole read: the first call's token serves every later call.</param>
    public async ValueTask<JsonObject?> NextAsync(CancellationToken ct)
    {
        _events ??= SseParser.Create(stream, Parse).EnumerateAsync(ct).GetAsyncEnumerator(ct);
        while (await _events.MoveNextAsync())
        {
            var payload = _events.Current.Data;
            if (payload.Done) return null;
            if (payload.Json is not null) return payload.Json;
        }
        return null;
    }

    private static Payload Parse(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return default;   // a keep-alive or an event with no data: nothing to hand on
        if (data.SequenceEqual(DoneMarker)) return new Payload(null, true);
        var reader = new Utf8JsonReader(data);
        return new Payload(JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("an SSE data field was not a JSON object"), false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_events is not null) await _events.DisposeAsync();
    }
}
