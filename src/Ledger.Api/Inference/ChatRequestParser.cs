using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Http;

namespace Ledger.Api.Inference;

public sealed record ParsedChat(string Model, JsonObject Body, bool Stream, bool IncludeUsage, int? MaxTokens);

/// <summary>Checks the shape of an OpenAI chat request before anything is admitted or recorded.</summary>
public static class ChatRequestParser
{
    public static async Task<(ParsedChat?, IResult?)> ParseAsync(HttpRequest request, CancellationToken ct)
    {
        JsonNode? node;
        try { node = await JsonNode.ParseAsync(request.Body, cancellationToken: ct); }
        catch (JsonException) { return (null, Bad("The body is not valid JSON.", null)); }
        if (node is not JsonObject body) return (null, Bad("The body must be a JSON object.", null));

        if (body["model"] is not JsonValue m || !m.TryGetValue<string>(out var model) || string.IsNullOrWhiteSpace(model))
            return (null, Bad("'model' is required and must be a string.", "model"));
        if (body["messages"] is not JsonArray messages || messages.Count == 0)
            return (null, Bad("'messages' must be a non-empty array.", "messages"));
        foreach (var msg in messages)
            if (msg is not JsonObject o || o["role"] is not JsonValue)
                return (null, Bad("Each message needs a 'role' and 'content'.", "messages"));

        var stream = false;
        if (body["stream"] is JsonNode s && (s.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)))
            return (null, Bad("'stream' must be true or false.", "stream"));
        else if (body["stream"] is JsonNode sv) stream = sv.GetValue<bool>();

        int? maxTokens = null;
        foreach (var field in new[] { "max_completion_tokens", "max_tokens" })
        {
            if (body[field] is not JsonNode t || maxTokens is not null) continue;
            if (t.GetValueKind() != JsonValueKind.Number || !t.AsValue().TryGetValue<int>(out var n) || n < 1)
                return (null, Bad($"'{field}' must be a positive whole number.", field));
            maxTokens = n;
        }
        var includeUsage = body["stream_options"] is JsonObject so && so["include_usage"] is JsonNode iu
            && iu.GetValueKind() == JsonValueKind.True;
        return (new ParsedChat(model, body, stream, includeUsage, maxTokens), null);
    }

    private static IResult Bad(string message, string? param) => ApiErrors.Error(400, "invalid_request_error", message, param);
}
