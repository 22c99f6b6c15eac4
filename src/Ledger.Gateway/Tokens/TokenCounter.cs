using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace Ledger.Gateway;

/// <summary>
/// Token counts from OpenAI's o200k_base tokenizer (GPT-4o, GPT-4.1, o-series). Used by the simulated
/// provider, when an upstream reports no usage, and for admission estimates; never for billing when the
/// upstream reported usage. Other vendors' tokenizers differ by some percent; their reported usage settles.
/// </summary>
public static class TokenCounter
{
    // Thread-safe; loading the 200k-entry vocabulary takes a noticeable fraction of a second, so once.
    private static readonly TiktokenTokenizer Tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");

    // OpenAI cookbook, "How to count tokens with tiktoken", num_tokens_from_messages for gpt-4o: each
    // message costs 3 tokens (<|start|>, <|message|>, <|end|>) plus every field's text (role included),
    // a name 1 more, and the reply is primed with <|start|>assistant<|message|>: 3.
    private const int PerMessage = 3;
    private const int PerName = 1;
    private const int ReplyPriming = 3;

    // OpenAI's vision pricing: an image costs 85 tokens at low detail and 85 + 170 per 512-px tile at high.
    // The size is unknown without fetching it, so each image counts the low-detail base; the upstream's
    // reported usage settles the rest.
    internal const int PerImage = 85;

    public static int Count(string text) => text.Length == 0 ? 0 : Tokenizer.CountTokens(text);

    /// <summary>
    /// Prompt tokens of an OpenAI chat body: OpenAI's per-message rule over every message field, plus
    /// the JSON of <c>tools</c> (or legacy <c>functions</c>) when declared. OpenAI renders tool schemas
    /// more tersely than JSON, so declared tools should count somewhat over.
    /// </summary>
    public static int EstimatePrompt(JsonObject body)
    {
        var tokens = ReplyPriming;
        if (body["messages"] is JsonArray list)
            foreach (var message in list)
                if (message is JsonObject m)
                    tokens += PerMessage + CountMessage(m);
        if (body["tools"] is JsonArray tools)
            tokens += Count(tools.ToJsonString());
        if (body["functions"] is JsonArray functions)
            tokens += Count(functions.ToJsonString());
        return tokens;
    }

    private static int CountMessage(JsonObject message)
    {
        var tokens = 0;
        foreach (var (key, value) in message)
        {
            tokens += key switch
            {
                "content" => CountContent(value),
                "name" => PerName + CountField(value),
                _ => CountField(value),
            };
        }
        return tokens;
    }

    // role, name, tool_call_id as text; tool_calls and anything structured as its JSON.
    private static int CountField(JsonNode? value) => value switch
    {
        null => 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Count(v.GetValue<string>()),
        _ => Count(value.ToJsonString()),
    };

    private static int CountContent(JsonNode? content)
    {
        if (content is not JsonArray parts)
            return CountField(content);
        var tokens = 0;
        foreach (var part in parts)
        {
            if (part?["text"] is JsonValue t && t.TryGetValue(out string? text))
                tokens += Count(text);
            else if (OpenAiShapes.String(part?["type"]) == "image_url")
                tokens += PerImage;
        }
        return tokens;
    }

    /// <summary>The text parts of a message content (a string or an array of parts), as the model wrote them.</summary>
    internal static void AddContent(TokenTally tally, JsonNode? content)
    {
        switch (content)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                tally.Add(v.GetValue<string>());
                break;
            case JsonArray parts:
                foreach (var part in parts)
                    if (part?["text"] is JsonValue t && t.TryGetValue(out string? text))
                        tally.Add(text);
                break;
        }
    }

    /// <summary>The longest prefix of <paramref name="text"/> that counts at most <paramref name="maxTokens"/>.</summary>
    internal static string Truncate(string text, int maxTokens)
    {
        if (maxTokens <= 0)
            return "";
        var end = Tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _);
        return end == text.Length ? text : text[..end].TrimEnd();
    }
}
