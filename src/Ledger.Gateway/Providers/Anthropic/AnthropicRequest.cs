using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers.Anthropic;

/// <summary>Writes an OpenAI chat body as an Anthropic Messages body.</summary>
internal static class AnthropicRequest
{
    public readonly record struct Input(ChatRequest Request, string Model, int MaxTokens, bool Stream, string Provider);

    public static void Write(Utf8JsonWriter w, Input s)
    {
        var body = s.Request.Body;
        var messages = body["messages"] as JsonArray ?? [];
        w.WriteStartObject();
        w.WriteString("model", s.Model);
        w.WriteNumber("max_tokens", s.MaxTokens);
        // Anthropic takes the system prompt apart from the turns; OpenAI's "developer" role is the same thing.
        var system = string.Join("\n\n", messages.OfType<JsonObject>().Where(IsSystem).Select(m => Text(m["content"])));
        if (system.Length > 0)
            w.WriteString("system", system);
        w.WriteStartArray("messages");
        foreach (var m in messages.OfType<JsonObject>().Where(m => !IsSystem(m)))
            WriteTurn(w, m, s.Provider);
        w.WriteEndArray();
        // OpenAI allows temperature up to 2, Anthropic up to 1.
        if (body["temperature"] is JsonValue t && t.TryGetValue(out double temperature))
            w.WriteNumber("temperature", Math.Min(temperature, 1));
        if (body["top_p"] is JsonValue p && p.TryGetValue(out double topP))
            w.WriteNumber("top_p", topP);
        WriteStops(w, body["stop"]);
        if (OpenAiShapes.String(body["user"]) is { } user)
        {
            w.WriteStartObject("metadata");
            w.WriteString("user_id", user);
            w.WriteEndObject();
        }
        if (s.Stream)
            w.WriteBoolean("stream", true);
        w.WriteEndObject();
    }

    private static bool IsSystem(JsonObject m) => OpenAiShapes.String(m["role"]) is "system" or "developer";

    private static void WriteTurn(Utf8JsonWriter w, JsonObject m, string provider)
    {
        var role = OpenAiShapes.String(m["role"]);
        if (role is not ("user" or "assistant") || m["tool_calls"] is not null)
            throw new ProviderException(provider, ProviderFailure.Rejected,
                $"the Anthropic adapter does not translate '{role}' messages or tool calls yet", 400);
        w.WriteStartObject();
        w.WriteString("role", role);
        w.WritePropertyName("content");
        if (m["content"] is JsonArray parts)
        {
            w.WriteStartArray();
            foreach (var part in parts.OfType<JsonObject>())
                WritePart(w, part);
            w.WriteEndArray();
        }
        else
        {
            w.WriteStringValue(Text(m["content"]));
        }
        w.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter w, JsonObject part)
    {
        w.WriteStartObject();
        if (OpenAiShapes.String(part["type"]) == "image_url" && OpenAiShapes.String(part["image_url"]?["url"]) is { } url)
        {
            w.WriteString("type", "image");
            w.WriteStartObject("source");
            // data:image/png;base64,.... is inlined; anything else is fetched by Anthropic.
            if (url.StartsWith("data:", StringComparison.Ordinal) && url.IndexOf(";base64,", StringComparison.Ordinal) is > 5 and var at)
            {
                w.WriteString("type", "base64");
                w.WriteString("media_type", url[5..at]);
                w.WriteString("data", url[(at + 8)..]);
            }
            else
            {
                w.WriteString("type", "url");
                w.WriteString("url", url);
            }
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("type", "text");
            w.WriteString("text", OpenAiShapes.String(part["text"]) ?? "");
        }
        w.WriteEndObject();
    }

    private static void WriteStops(Utf8JsonWriter w, JsonNode? stop)
    {
        if (stop is null)
            return;
        w.WriteStartArray("stop_sequences");
        if (stop is JsonArray many)
            foreach (var s in many.Select(OpenAiShapes.String).OfType<string>())
                w.WriteStringValue(s);
        else if (OpenAiShapes.String(stop) is { } one)
            w.WriteStringValue(one);
        w.WriteEndArray();
    }

    private static string Text(JsonNode? content) =>
        content is JsonArray parts
            ? string.Join("\n", parts.Select(p => OpenAiShapes.String(p?["text"])).OfType<string>())
            : OpenAiShapes.String(content) ?? "";
}
