using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers.OpenAi;

/// <summary>Passes the upstream's chunks through, renamed to our model; counts the text in case usage never comes.</summary>
internal sealed class OpenAiStream(UpstreamEvents events, string model, int promptEstimate, bool includeUsage) : IChatStream
{
    public TokenUsage? Usage { get; private set; }

    public async IAsyncEnumerable<JsonObject> ReadChunksAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var link = events.Link(ct);
        var tally = new TokenTally();
        TokenUsage? reported = null;
        string? id = null;
        long created = 0;
        while (await events.NextAsync(ct) is { } chunk)
        {
            id ??= OpenAiShapes.String(chunk["id"]);
            created = created == 0 && chunk["created"] is JsonValue c && c.TryGetValue(out long t) ? t : created;
            chunk["model"] = model;
            if (OpenAiShapes.ReadUsage(chunk["usage"]) is { } usage)
                reported = usage;
            var choices = chunk["choices"] as JsonArray;
            if (choices is { Count: > 0 })
                TokenCounter.AddContent(tally, choices[0]?["delta"]?["content"]);
            // We always ask upstream for usage; the client sees it only if it asked too.
            if (!includeUsage)
            {
                if (choices is null or { Count: 0 })
                    continue;
                chunk.Remove("usage");
            }
            yield return chunk;
        }
        Usage = reported ?? new TokenUsage(promptEstimate, tally.Total);
        if (reported is null && includeUsage)
            yield return OpenAiShapes.UsageChunk(id ?? "chatcmpl-counted", model, created, Usage);
    }

    public ValueTask DisposeAsync() => events.DisposeAsync();
}
