using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Http;
using Ledger.Api.Ops;
using Ledger.Domain.Requests;
using Ledger.Gateway;
using Ledger.Projections.Admission;

namespace Ledger.Api.Inference;

/// <summary>
/// Server-sent events for stream: true. Content chunks go out as they arrive; the usage chunk and
/// [DONE] are held until the request's RequestCompleted is durable, so a client never holds a
/// finished answer whose cost the ledger does not have. A client that hangs up is settled on the
/// provider's own count all the same (<see cref="HangUpDrain"/>).
/// </summary>
public static class StreamingChat
{
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] EventStart = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    public static async Task<IResult> RunAsync(HttpContext http, ParsedChat chat, ChatRequest request, AdmissionResult admission,
        RequestAdmitted admitted, ProviderRouter router, Settlement settlement, GatewayMetrics metrics, Activity? span)
    {
        var started = Stopwatch.GetTimestamp();
        RoutedStream routed;
        try
        {
            routed = await router.OpenStreamAsync(request, admission.Org!.AllowedRegions, CancellationToken.None);
        }
        catch (Exception e) when (UpstreamFailure.From(e) is { } failure)
        {
            return await failure.SettleAsync(span, admission, admitted, settlement, metrics, started);
        }

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        JsonObject? upstreamUsage = null;
        var text = new System.Text.StringBuilder();
        var status = 200;
        string? error = null;
        await using (routed.Stream)
        {
            // not the client's token: a client that hangs up is billed what the provider says it served, so read on
            using var drain = new HangUpDrain(http.RequestAborted,
                TimeSpan.FromSeconds(routed.Route.Provider.Options.TimeoutSeconds), admitted.MaxOutputTokens);
            try
            {
                await foreach (var chunk in routed.Stream.ReadChunksAsync(drain.Token))
                {
                    // held back: the usage chunk goes out only once the cost is durable
                    if (chunk["usage"] is JsonObject && chunk["choices"] is not JsonArray { Count: > 0 }) { upstreamUsage = chunk; continue; }
                    CollectText(chunk, text);
                    GatewayTracing.FinishReasons(span, chunk);
                    if (!drain.Counted()) break;   // runaway after the hang-up: settle on the counted text
                    if (drain.ClientGone) continue;
                    try { await WriteAsync(response, chunk, http.RequestAborted); }
                    catch (Exception) when (drain.ClientGone) { }   // hung up during the write: read on without it
                }
            }
            catch (OperationCanceledException) when (drain.Token.IsCancellationRequested)
            {
                // the deadline after the hang-up passed: settled below on the counted text
            }
            catch (ProviderException e)
            {
                (status, error) = (502, "upstream_error_mid_stream");
                metrics.CountUpstreamStreamFailure(e.Provider);
            }
            if (drain.ClientGone && error is null)
                (status, error) = (499, "client_closed_request");
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var usage = routed.Stream.Usage ?? new TokenUsage(TokenCounter.EstimatePrompt(chat.Body), TokenCounter.Count(text.ToString()));
            await settlement.RecordAsync(span, admission, admitted, routed.Route, routed.Attempts, status, error, usage, latency);
            metrics.CountCompletion(status, routed.Route.Provider.Options.Name, latency);
            if (drain.ClientGone) return Results.Empty;   // nobody left to hand the end to

            if (chat.IncludeUsage)
            {
                var usageChunk = upstreamUsage ?? new JsonObject { ["object"] = "chat.completion.chunk", ["choices"] = new JsonArray() };
                usageChunk["model"] = chat.Model;
                usageChunk["usage"] = new JsonObject
                {
                    ["prompt_tokens"] = usage.PromptTokens,
                    ["completion_tokens"] = usage.CompletionTokens,
                    ["total_tokens"] = usage.PromptTokens + usage.CompletionTokens,
                };
                await WriteAsync(response, usageChunk, CancellationToken.None);
            }
            if (error is not null)
                await WriteAsync(response, new JsonObject { ["error"] = new JsonObject { ["message"] = "The provider failed mid-stream.", ["type"] = "api_error", ["code"] = error } }, CancellationToken.None);
            await response.BodyWriter.WriteAsync(Done, CancellationToken.None);
        }
        return Results.Empty;
    }

    /// <summary>One event, one write to the client: a write to the response stream is a chunk and a flush each.</summary>
    private static async Task WriteAsync(HttpResponse response, JsonObject chunk, CancellationToken ct)
    {
        var pipe = response.BodyWriter;
        pipe.Write(EventStart);
        using (var json = new Utf8JsonWriter(pipe)) chunk.WriteTo(json);
        pipe.Write(EventEnd);
        await pipe.FlushAsync(ct);
    }

    private static void CollectText(JsonObject chunk, System.Text.StringBuilder text)
    {
        if (chunk["choices"] is JsonArray { Count: > 0 } choices && choices[0]?["delta"]?["content"] is JsonValue v && v.TryGetValue<string>(out var s))
            text.Append(s);
    }
}
