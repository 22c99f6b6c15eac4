using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers.Anthropic;

/// <summary>Anthropic's Messages API behind the OpenAI chat shape.</summary>
internal sealed class AnthropicProvider(ProviderOptions options, string? apiKey, TimeProvider time, bool traced = false) : IChatProvider, IDisposable
{
    private const string ApiVersion = "2023-06-01";

    private readonly UpstreamClient _client = new(options, "/v1/messages", headers =>
    {
        if (apiKey is not null)
            headers.Add("x-api-key", apiKey);
        headers.Add("anthropic-version", ApiVersion);
    }, traced);

    public ProviderOptions Options => options;

    public async Task<ChatCompletion> CompleteAsync(ChatRequest r, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_client.Timeout);
        try
        {
            using var response = await _client.PostAsync(Input(r, stream: false), AnthropicRequest.Write, cts.Token, ct);
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            var message = await JsonNode.ParseAsync(stream, cancellationToken: cts.Token) as JsonObject
                ?? throw new JsonException("the message was not a JSON object");
            return AnthropicResponse.ToCompletion(message, r, OpenAiShapes.UnixNow(time));
        }
        catch (Exception e) when (_client.Map(e, ct.IsCancellationRequested) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<IChatStream> OpenStreamAsync(ChatRequest r, CancellationToken ct)
    {
        var events = await UpstreamEvents.OpenAsync(_client, Input(r, stream: true), AnthropicRequest.Write, ct);
        return new AnthropicStream(events, r, OpenAiShapes.UnixNow(time));
    }

    /// <summary>Anthropic requires max_tokens: the client's, else the model's output cap, never above the cap.</summary>
    private AnthropicRequest.Input Input(ChatRequest r, bool stream)
    {
        var cap = options.Models.TryGetValue(r.Model, out var price) ? price.MaxOutputTokens : 4096;
        var max = Math.Min(OpenAiShapes.MaxOutputTokens(r.Body) ?? cap, cap);
        return new(r, options.UpstreamModel(r.Model), max, stream, options.Name);
    }

    public void Dispose() => _client.Dispose();
}
