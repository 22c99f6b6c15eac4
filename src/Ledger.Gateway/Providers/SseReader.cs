using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers;

/// <summary>
/// Reads the JSON payloads of server-sent events' "data:" lines straight from pooled buffers (no string per line).
/// Event names, comments and blank lines are skipped: both OpenAI and Anthropic put the type inside the JSON.
/// </summary>
internal sealed class SseReader(Stream stream) : IAsyncDisposable
{
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;
    private static ReadOnlySpan<byte> Done => "[DONE]"u8;
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 8192, leaveOpen: true));

    /// <summary>The next data payload, or null at "[DONE]" or the end of the stream.</summary>
    public async ValueTask<JsonObject?> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(ct);
            var buffer = result.Buffer;
            while (TryReadLine(ref buffer, out var line))
            {
                if (TryParse(line, out var payload, out var done))
                {
                    _reader.AdvanceTo(buffer.Start);
                    return done ? null : payload;
                }
            }
            if (result.IsCompleted)
            {
                // A last line without its newline still counts.
                var ended = !buffer.IsEmpty && TryParse(buffer, out var tail, out var done) && !done ? tail : null;
                _reader.AdvanceTo(buffer.End);
                return ended;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    private static bool TryParse(ReadOnlySequence<byte> line, out JsonObject? payload, out bool done)
    {
        payload = null;
        done = false;
        // Lines are short; a line spanning two pooled segments is rare enough to copy.
        ReadOnlySpan<byte> span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (span.Length > 0 && span[^1] == (byte)'\r')
            span = span[..^1];
        if (!span.StartsWith(DataPrefix))
            return false;
        span = span[DataPrefix.Length..];
        if (span.Length > 0 && span[0] == (byte)' ')
            span = span[1..];
        if (span.IsEmpty)
            return false;
        if (span.SequenceEqual(Done))
        {
            done = true;
            return true;
        }
        var reader = new Utf8JsonReader(span);
        payload = JsonNode.Parse(ref reader) as JsonObject
            ?? throw new JsonException("an SSE data line was not a JSON object");
        return true;
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();
}
