using System.Text.Json.Nodes;

namespace Ledger.Gateway;

public sealed record TokenUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>A chat call as the client sent it: <paramref name="Body"/> is its OpenAI body, never mutated by providers.</summary>
public sealed record ChatRequest(string Model, JsonObject Body);

/// <summary><paramref name="Body"/> is an OpenAI "chat.completion" object naming our model, with usage filled in.</summary>
public sealed record ChatCompletion(JsonObject Body, TokenUsage Usage);

public interface IChatStream : IAsyncDisposable
{
    /// <summary>OpenAI "chat.completion.chunk" objects; a final usage chunk only when the client asked via stream_options.include_usage.</summary>
    IAsyncEnumerable<JsonObject> ReadChunksAsync(CancellationToken ct);

    /// <summary>Known once the chunks are exhausted; counted from the text when the upstream reported none.</summary>
    TokenUsage? Usage { get; }
}

public interface IChatProvider
{
    ProviderOptions Options { get; }

    /// <summary>Throws <see cref="ProviderException"/> for every upstream failure.</summary>
    Task<ChatCompletion> CompleteAsync(ChatRequest r, CancellationToken ct);

    /// <summary>Returns once the upstream accepted the call (status 200); reading chunks may still throw <see cref="ProviderException"/>.</summary>
    Task<IChatStream> OpenStreamAsync(ChatRequest r, CancellationToken ct);
}
