using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers.OpenAi;

/// <summary>Any OpenAI-compatible upstream: OpenAI, Mistral, Scaleway, Azure OpenAI, vLLM.</summary>
internal sealed class OpenAiProvider(ProviderOptions options, string? apiKey, bool traced = false) : IChatProvider, IDisposable
{
    private readonly UpstreamClient _client = new(options, "/chat/completions", headers =>
    {
        if (apiKey is not null)
            headers.Authorization = new("Bearer", apiKey);
    }, traced);

    public ProviderOptions Options => options;

    public async Task<ChatCompletion> CompleteAsync(ChatRequest r, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_client.Timeout);
        try
        {
            using var response = await _client.PostAsync((r, options.UpstreamModel(r.Model), false), WriteBody, cts.Token, ct);
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            var body = await JsonNode.ParseAsync(stream, cancellationToken: cts.Token) as JsonObject
                ?? throw new JsonException("the completion was not a JSON object");
            body["model"] = r.Model;
            if (OpenAiShapes.ReadUsage(body["usage"]) is { } usage)
                return new ChatCompletion(body, usage);
            var counted = new TokenUsage(TokenCounter.EstimatePrompt(r.Body), CountAnswer(body));
            body["usage"] = OpenAiShapes.Usage(counted);
            return new ChatCompletion(body, counted);
        }
        catch (Exception e) when (_client.Map(e, ct.IsCancellationRequested) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<IChatStream> OpenStreamAsync(ChatRequest r, CancellationToken ct)
    {
        var events = await UpstreamEvents.OpenAsync(_client, (r, options.UpstreamModel(r.Model), true), WriteBody, ct);
        return new OpenAiStream(events, r.Model, TokenCounter.EstimatePrompt(r.Body), OpenAiShapes.IncludeUsage(r.Body));
    }

    /// <summary>The client's body as is, with the upstream's model name, and usage always requested when streaming.</summary>
    private static void WriteBody(Utf8JsonWriter writer, (ChatRequest Request, string Model, bool Stream) s)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in s.Request.Body)
        {
            if (key is "model" or "stream" or "stream_options")
                continue;
            writer.WritePropertyName(key);
            if (value is null)
                writer.WriteNullValue();
            else
                value.WriteTo(writer);
        }
        writer.WriteString("model", s.Model);
        if (s.Stream)
        {
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static int CountAnswer(JsonObject body)
    {
        var tally = new TokenTally();
        if (body["choices"] is JsonArray choices)
            foreach (var choice in choices)
                TokenCounter.AddContent(tally, choice?["message"]?["content"]);
        return tally.Total;
    }

    public void Dispose() => _client.Dispose();
}
