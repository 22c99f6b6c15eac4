using System.Text.Json.Nodes;

namespace Ledger.Api.Tests.Support;

public static class Chat
{
    public static object Body(string model = "gpt-5.1", string content = "Say hello to the ledger", int? maxTokens = null, bool stream = false) =>
        maxTokens is null
            ? new { model, messages = new[] { new { role = "user", content } }, stream }
            : new { model, messages = new[] { new { role = "user", content } }, stream, max_tokens = maxTokens };

    public static Task<(HttpResponseMessage Response, JsonObject Body)> CompleteAsync(this HttpClient c, string key, string model = "gpt-5.1", int? maxTokens = null) =>
        c.PostAsync("/v1/chat/completions", Body(model, maxTokens: maxTokens), key);
}
