namespace Ledger.Gateway.Tests.Support;

internal static class Chat
{
    public static ChatRequest Request(string model, string prompt, Action<JsonObject>? extra = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        };
        extra?.Invoke(body);
        return new ChatRequest(model, body);
    }

    public static ModelPrice Price(decimal input = 1m, decimal output = 2m, string currency = "EUR", int maxOutput = 4096) =>
        new(input, output, currency, maxOutput);

    public static ProviderOptions Provider(string name, string kind, string? baseUrl, string region, params (string Model, ModelPrice Price)[] models) => new()
    {
        Name = name,
        Kind = kind,
        BaseUrl = baseUrl,
        Region = region,
        Models = models.ToDictionary(m => m.Model, m => m.Price),
    };

    public static string Content(JsonObject completion) => completion["choices"]![0]!["message"]!["content"]!.GetValue<string>();

    public static async Task<List<JsonObject>> ReadAll(IChatStream stream)
    {
        var chunks = new List<JsonObject>();
        await foreach (var chunk in stream.ReadChunksAsync(CancellationToken.None))
            chunks.Add(chunk);
        return chunks;
    }

    public static string StreamedText(IEnumerable<JsonObject> chunks) => string.Concat(chunks
        .Select(c => c["choices"] is JsonArray { Count: > 0 } choices ? choices[0]!["delta"]?["content"]?.GetValue<string>() : null));
}
