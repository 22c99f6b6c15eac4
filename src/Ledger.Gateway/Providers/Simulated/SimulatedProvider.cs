using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers.Simulated;

/// <summary>Built-in provider that needs no key: lets the product run, and be load-tested, without any upstream.</summary>
internal sealed class SimulatedProvider(ProviderOptions options, TimeProvider time) : IChatProvider
{
    public ProviderOptions Options => options;

    public async Task<ChatCompletion> CompleteAsync(ChatRequest r, CancellationToken ct)
    {
        await Delay(ct);
        var (text, truncated) = SimulatedAnswer.For(r.Body, OpenAiShapes.MaxOutputTokens(r.Body));
        var usage = new TokenUsage(TokenCounter.EstimatePrompt(r.Body), TokenCounter.Count(text));
        var body = OpenAiShapes.Completion(
            NewId(), r.Model, OpenAiShapes.UnixNow(time), text, truncated ? "length" : "stop", usage);
        return new ChatCompletion(body, usage);
    }

    public async Task<IChatStream> OpenStreamAsync(ChatRequest r, CancellationToken ct)
    {
        await Delay(ct);
        var (text, truncated) = SimulatedAnswer.For(r.Body, OpenAiShapes.MaxOutputTokens(r.Body));
        return new SimulatedStream(
            NewId(), r.Model, OpenAiShapes.UnixNow(time), text, truncated,
            TokenCounter.EstimatePrompt(r.Body), OpenAiShapes.IncludeUsage(r.Body));
    }

    private Task Delay(CancellationToken ct) =>
        options.SimulatedLatencyMs > 0
            ? Task.Delay(TimeSpan.FromMilliseconds(options.SimulatedLatencyMs), time, ct)
            : Task.CompletedTask;

    private static string NewId() => "chatcmpl-sim" + Guid.NewGuid().ToString("N");
}

internal sealed class SimulatedStream(
    string id, string model, long created, string text, bool truncated, int promptTokens, bool includeUsage) : IChatStream
{
    public TokenUsage? Usage { get; private set; }

    public async IAsyncEnumerable<JsonObject> ReadChunksAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        yield return OpenAiShapes.Chunk(id, model, created, new JsonObject { ["role"] = "assistant", ["content"] = "" });
        // One word per chunk, each carrying its leading space, as real models stream.
        for (var start = 0; start < text.Length;)
        {
            ct.ThrowIfCancellationRequested();
            var next = text.IndexOf(' ', start + 1);
            var end = next < 0 ? text.Length : next;
            yield return OpenAiShapes.Chunk(id, model, created, new JsonObject { ["content"] = text[start..end] });
            start = end;
        }
        yield return OpenAiShapes.Chunk(id, model, created, [], truncated ? "length" : "stop");
        Usage = new TokenUsage(promptTokens, TokenCounter.Count(text));
        if (includeUsage)
            yield return OpenAiShapes.UsageChunk(id, model, created, Usage);
        await Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
