using System.Text;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers.Anthropic;

/// <summary>Anthropic Messages answers read back as OpenAI shapes.</summary>
internal static class AnthropicResponse
{
    public static string FinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop", // end_turn, stop_sequence, pause_turn
    };

    /// <summary>Input tokens including prompt-cache writes and reads: all of them are billed input.</summary>
    public static int? InputTokens(JsonNode? usage) =>
        OpenAiShapes.Int(usage?["input_tokens"]) is { } input
            ? input + (OpenAiShapes.Int(usage?["cache_creation_input_tokens"]) ?? 0) + (OpenAiShapes.Int(usage?["cache_read_input_tokens"]) ?? 0)
            : null;

    public static ChatCompletion ToCompletion(JsonObject message, ChatRequest r, long created)
    {
        var text = new StringBuilder();
        if (message["content"] is JsonArray blocks)
            foreach (var block in blocks)
                if (OpenAiShapes.String(block?["type"]) == "text")
                    text.Append(OpenAiShapes.String(block?["text"]));
        var answer = text.ToString();
        var usage = new TokenUsage(
            InputTokens(message["usage"]) ?? TokenCounter.EstimatePrompt(r.Body),
            OpenAiShapes.Int(message["usage"]?["output_tokens"]) ?? TokenCounter.Count(answer));
        var id = "chatcmpl-" + (OpenAiShapes.String(message["id"]) ?? Guid.NewGuid().ToString("N"));
        var body = OpenAiShapes.Completion(id, r.Model, created, answer, FinishReason(OpenAiShapes.String(message["stop_reason"])), usage);
        return new ChatCompletion(body, usage);
    }
}
