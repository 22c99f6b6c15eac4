using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway;

/// <summary>
/// Deterministic approximation of a BPE tokenizer from the text alone (about 1.3 tokens per English word,
/// as real tokenizers give). Used by the simulated provider, when an upstream reports no usage, and for
/// admission estimates; never for billing when the upstream reported usage.
/// </summary>
public static class TokenCounter
{
    // OpenAI's documented overhead: each message costs its role and separators, the reply is primed with 3.
    private const int PerMessage = 4;
    private const int ReplyPriming = 3;

    public static int Count(string text)
    {
        var tally = new TokenTally();
        tally.Add(text);
        return tally.Total;
    }

    /// <summary>Prompt tokens of an OpenAI chat body: message contents and names, plus tools when declared.</summary>
    public static int EstimatePrompt(JsonObject body)
    {
        var tally = new TokenTally();
        var messages = 0;
        if (body["messages"] is JsonArray list)
        {
            foreach (var message in list)
            {
                if (message is not JsonObject m)
                    continue;
                messages++;
                AddContent(ref tally, m["content"]);
                if (m["name"] is JsonValue name && name.TryGetValue(out string? n))
                    tally.Add(n);
            }
        }
        if (body["tools"] is JsonArray tools)
            tally.Add(tools.ToJsonString());
        return tally.Total + messages * PerMessage + ReplyPriming;
    }

    internal static void AddContent(ref TokenTally tally, JsonNode? content)
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
        var tokens = 0;
        var wordRunes = 0;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var piece = TokenTally.Classify(rune);
            // A token starts at every single piece and at every 4th rune of a word.
            var starts = piece == TokenTally.Piece.Single || (piece == TokenTally.Piece.Word && wordRunes % 4 == 0);
            if (starts && ++tokens > maxTokens)
                return text[..index].TrimEnd();
            wordRunes = piece == TokenTally.Piece.Word ? wordRunes + 1 : 0;
            index += rune.Utf16SequenceLength;
        }
        return text;
    }
}
