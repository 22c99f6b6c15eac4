using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Bench.Tokens;

/// <summary>
/// The prompt estimate the gateway used before the o200k tokenizer, kept here only so `tokens` can
/// compare the two: a run of letters/digits is one token per started 4 characters, each punctuation
/// mark, symbol and ideograph one token, whitespace free, 4 per message and 3 for the reply.
/// </summary>
internal static class ApproximateTokens
{
    public static int EstimatePrompt(JsonObject body)
    {
        var tokens = 0;
        var messages = 0;
        if (body["messages"] is JsonArray list)
        {
            foreach (var message in list)
            {
                if (message is not JsonObject m)
                    continue;
                messages++;
                tokens += Content(m["content"]);
                if (m["name"] is JsonValue name && name.TryGetValue(out string? n))
                    tokens += Count(n);
            }
        }
        if (body["tools"] is JsonArray tools)
            tokens += Count(tools.ToJsonString());
        return tokens + messages * 4 + 3;
    }

    private static int Content(JsonNode? content) => content switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Count(v.GetValue<string>()),
        JsonArray parts => parts.Sum(p => p?["text"] is JsonValue t && t.TryGetValue(out string? s) ? Count(s) : 0),
        _ => 0,
    };

    private static int Count(string text)
    {
        int tokens = 0, wordRunes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (System.Text.Rune.IsWhiteSpace(rune))
            {
                tokens += (wordRunes + 3) / 4;
                wordRunes = 0;
            }
            else if (!IsIdeograph(rune.Value) && (System.Text.Rune.IsLetterOrDigit(rune)
                         || System.Text.Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark))
                wordRunes++;
            else
            {
                tokens += (wordRunes + 3) / 4 + 1;
                wordRunes = 0;
            }
        }
        return tokens + (wordRunes + 3) / 4;
    }

    private static bool IsIdeograph(int v) =>
        v is >= 0x3040 and <= 0x30FF or >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF
            or >= 0xAC00 and <= 0xD7AF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3FFFF;
}
