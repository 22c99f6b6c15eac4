using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers.Anthropic;

/// <summary>Anthropic's message_start / content_block_delta / message_delta / message_stop events as OpenAI chunks.</summary>
internal sealed class AnthropicStream(UpstreamEvents events, ChatRequest r, long created) : IChatStream
{
    public TokenUsage? Usage { get; private set; }

    public async IAsyncEnumerable<JsonObject> ReadChunksAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var link = events.Link(ct);
        var tally = new TokenTally();
        var id = "chatcmpl-anthropic";
        int? input = null, output = null;
        while (await events.NextAsync(ct) is { } e)
        {
            switch (OpenAiShapes.String(e["type"]))
            {
                case "message_start":
                    id = "chatcmpl-" + OpenAiShapes.String(e["message"]?["id"]);
                    input = AnthropicResponse.InputTokens(e["message"]?["usage"]);
                    yield return OpenAiShapes.Chunk(id, r.Model, created, new JsonObject { ["role"] = "assistant", ["content"] = "" });
                    break;
                case "content_block_delta" when OpenAiShapes.String(e["delta"]?["text"]) is { } text:
                    tally.Add(text);
                    yield return OpenAiShapes.Chunk(id, r.Model, created, new JsonObject { ["content"] = text });
                    break;
                case "message_delta":
                    // Counts here are cumulative and final; newer API versions repeat input_tokens too.
                    output = OpenAiShapes.Int(e["usage"]?["output_tokens"]) ?? output;
                    input = AnthropicResponse.InputTokens(e["usage"]) ?? input;
                    var finish = AnthropicResponse.FinishReason(OpenAiShapes.String(e["delta"]?["stop_reason"]));
                    yield return OpenAiShapes.Chunk(id, r.Model, created, [], finish);
                    break;
                case "error":
                    throw events.StreamError(OpenAiShapes.String(e["error"]?["message"]) ?? "error event in the stream");
                case "message_stop":
                    goto done;
            }
        }
        done:
        Usage = new TokenUsage(input ?? TokenCounter.EstimatePrompt(r.Body), output ?? tally.Total);
        if (OpenAiShapes.IncludeUsage(r.Body))
            yield return OpenAiShapes.UsageChunk(id, r.Model, created, Usage);
    }

    public ValueTask DisposeAsync() => events.DisposeAsync();
}
