using System.Text.Json.Nodes;

namespace Ledger.Bench.Tokens;

/// <summary>Representative chat bodies: what a gateway sees most (short), and the shapes the old estimate got wrong.</summary>
internal static class TokenBodies
{
    private const string Paragraph =
        "The ledger records every admitted request as an event, reserves its worst-case cost against the " +
        "organisation's budget, and settles the reservation when the provider reports usage. Reservations " +
        "that are too large refuse requests that would have fitted; reservations that are too small let a " +
        "burst of concurrent requests overspend the budget before any of them settles. ";

    private const string Code = """
        public static async Task<int> RunAsync(string server, int requests, CancellationToken ct)
        {
            await using var db = await BenchDatabase.CreateAsync(server, maxPoolSize: 16);
            var totals = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, value) in await db.ReadAsync("select org_id, sum(tokens) from usage group by 1", ct))
                totals[key] = value;
            return totals.Count == 0 ? 1 : 0; // exit code: 0 when anything was read
        }
        """;

    public static readonly IReadOnlyList<(string Name, JsonObject Body)> All =
    [
        ("short", Chat(("user", "What is the capital of France?"))),
        ("system+user", Chat(("system", "You are a concise assistant. Answer in one sentence."), ("user", "Explain what a token budget is."))),
        ("long", Chat(("user", "Summarise this:\n" + string.Concat(Enumerable.Repeat(Paragraph, 20))))),
        ("multi-turn", Chat(Enumerable.Range(0, 10).SelectMany(i => new[]
            { ("user", $"Question {i}: how does admission treat request number {i * 7}?"), ("assistant", $"Request {i * 7} is admitted when its reservation fits the remaining budget.") }).ToArray())),
        ("french", Chat(("user", "Pouvez-vous m'expliquer pourquoi la réservation d'un budget doit être prudente, même lorsque les fournisseurs déclarent l'usage réel après coup ?"))),
        ("japanese", Chat(("user", "予算の予約はなぜ慎重に行う必要があるのですか?プロバイダーが後で実際の使用量を報告する場合でも説明してください。"))),
        ("russian", Chat(("user", "Объясните, пожалуйста, почему резервирование бюджета должно быть осторожным, даже если поставщик сообщает фактическое использование позже."))),
        ("code", Chat(("system", "You review C# code."), ("user", "Find the bug:\n```csharp\n" + Code + "\n```"))),
        ("tools", WithTools(Chat(("user", "What's the weather like in San Francisco?")))),
    ];

    private static JsonObject Chat(params (string Role, string Content)[] messages) => new()
    {
        ["model"] = "gpt-4o",
        ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
    };

    private static JsonObject WithTools(JsonObject body)
    {
        body["tools"] = JsonNode.Parse("""
            [{"type":"function","function":{"name":"get_current_weather","description":"Get the current weather in a given location",
              "parameters":{"type":"object","properties":{
                "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
                "unit":{"type":"string","description":"The unit of temperature to return","enum":["celsius","fahrenheit"]}},
              "required":["location"]}}}]
            """);
        return body;
    }
}
