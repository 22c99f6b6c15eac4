using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway;

/// <summary>Builds and reads the OpenAI chat objects every provider hands back, whatever the upstream spoke.</summary>
internal static class OpenAiShapes
{
    public static JsonObject Completion(string id, string model, long created, string content, string finishReason, TokenUsage usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = finishReason,
        }),
        ["usage"] = Usage(usage),
    };

    public static JsonObject Chunk(string id, string model, long created, JsonObject delta, string? finishReason = null) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    /// <summary>The final chunk OpenAI sends for stream_options.include_usage: no choices, only usage.</summary>
    public static JsonObject UsageChunk(string id, string model, long created, TokenUsage usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(),
        ["usage"] = Usage(usage),
    };

    public static JsonObject Usage(TokenUsage u) => new()
    {
        ["prompt_tokens"] = u.PromptTokens,
        ["completion_tokens"] = u.CompletionTokens,
        ["total_tokens"] = u.TotalTokens,
    };

    public static TokenUsage? ReadUsage(JsonNode? usage) =>
        usage is JsonObject u && Int(u["prompt_tokens"]) is { } p && Int(u["completion_tokens"]) is { } c ? new TokenUsage(p, c) : null;

    public static bool IncludeUsage(JsonObject body) =>
        body["stream_options"] is JsonObject o && o["include_usage"] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>max_completion_tokens (current name) or max_tokens (legacy), whichever the client sent.</summary>
    public static int? MaxOutputTokens(JsonObject body) => Int(body["max_completion_tokens"]) ?? Int(body["max_tokens"]);

    public static int? Int(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) ? i : null;

    public static string? String(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long UnixNow(TimeProvider time) => time.GetUtcNow().ToUnixTimeSeconds();
}
