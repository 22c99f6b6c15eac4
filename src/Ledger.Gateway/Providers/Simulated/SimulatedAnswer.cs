using System.Text;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers.Simulated;

/// <summary>The simulated model: a reply derived only from the prompt, so the same prompt always gets the same answer.</summary>
internal static class SimulatedAnswer
{
    private const int EchoTokens = 16;
    private const int ExtraWords = 8;

    private static readonly string[] Vocabulary =
    [
        "ledger", "token", "budget", "region", "latency", "invoice", "balance", "routing",
        "careful", "steady", "precise", "honest", "quick", "simple", "clear", "bounded",
        "answer", "model", "request", "provider", "window", "credit", "limit", "event",
        "indeed", "therefore", "meanwhile", "overall", "likewise", "finally", "also", "still",
    ];

    public static (string Text, bool Truncated) For(JsonObject body, int? maxTokens)
    {
        var prompt = LastUserText(body);
        var text = new StringBuilder("Simulated reply to: ")
            .Append(TokenCounter.Truncate(prompt, EchoTokens))
            .Append('.');
        var hash = Fnv1a(prompt);
        for (var i = 0; i < ExtraWords; i++)
        {
            text.Append(' ').Append(Vocabulary[hash % (uint)Vocabulary.Length]);
            hash = hash * 16777619u ^ (uint)i;
        }
        var answer = text.Append('.').ToString();
        if (maxTokens is not { } max || TokenCounter.Count(answer) <= max)
            return (answer, false);
        return (TokenCounter.Truncate(answer, Math.Max(0, max)), true);
    }

    private static string LastUserText(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages)
            return "";
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i] is not JsonObject m || OpenAiShapes.String(m["role"]) != "user")
                continue;
            if (OpenAiShapes.String(m["content"]) is { } s)
                return s;
            if (m["content"] is JsonArray parts)
                return string.Join(' ', parts.Select(p => OpenAiShapes.String(p?["text"])).OfType<string>());
        }
        return "";
    }

    // string.GetHashCode is randomised per process; answers must be stable across restarts and nodes.
    private static uint Fnv1a(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s)
            hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
