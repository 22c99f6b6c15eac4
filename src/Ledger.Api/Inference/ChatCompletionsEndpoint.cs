using System.Diagnostics;
using Ledger.Api.Http;
using Ledger.Api.Ops;
using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using Ledger.Domain.Pricing;
using Ledger.Domain.Requests;
using Ledger.Gateway;
using Ledger.Projections.Admission;

namespace Ledger.Api.Inference;

/// <summary>
/// POST /v1/chat/completions: admit against every limit, route to a provider, settle the exact cost
/// in the ledger, and only then hand the client the end of its answer.
/// </summary>
public static class ChatCompletionsEndpoint
{
    public static RouteGroupBuilder MapChatCompletions(this RouteGroupBuilder v1)
    {
        // OpenAI's body and answer, passed through: documented as JSON objects, not re-modelled here
        v1.MapPost("/chat/completions", HandleAsync)
            .WithMetadata(new KeyCheckedByEndpoint(KeyScope.Inference))
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .WithErrors(400, 401, 402, 403, 404, 429, 502, 503)
            .WithDescription("OpenAI's chat completions, streaming (text/event-stream) or not. Refusals carry Retry-After where time-based.");
        return v1;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, RequestLedger ledger, ProviderRouter router,
        Settlement settlement, GatewayMetrics metrics, UnknownKeyCache unknownKeys, GatewayTracing tracing)
    {
        var ct = http.RequestAborted;
        var presented = KeyAuthentication.PresentedKey(http.Request);
        if (string.IsNullOrEmpty(presented))
            return KeyAuthentication.NoKey();
        var (chat, bad) = await ChatRequestParser.ParseAsync(http.Request, ct);
        if (chat is null) return bad!;

        using var span = tracing.StartChat(chat.Model);
        try
        {
            var requestId = Guid.CreateVersion7();
            http.Response.Headers["x-request-id"] = requestId.ToString();
            var started = Stopwatch.GetTimestamp();
            var keyHash = KeySecret.HashOf(presented);
            AdmissionResult admission;
            using (tracing.StartAdmission())
            {
                // a key that matches nothing has no org to bill, so nothing is recorded: refused before the writer
                if (!ledger.KnowsKey(keyHash) && await unknownKeys.MatchesNoKeyAsync(keyHash, ct))
                {
                    metrics.ObserveAdmission(Stopwatch.GetElapsedTime(started));
                    metrics.CountUnknownKey();
                    return Refuse(AdmissionDecider.UnknownKey(requestId, chat.Model), null);
                }
                admission = await ledger.AdmitAsync(new AdmissionTicket(keyHash, requestId, chat.Model, chat.Stream,
                    TokenCounter.EstimatePrompt(chat.Body), chat.MaxTokens, org => Quote(router, chat.Model, org)));
            }
            metrics.ObserveAdmission(Stopwatch.GetElapsedTime(started));

            var decision = admission.Decision;
            if ((decision?.Event ?? AdmissionDecider.UnknownKey(requestId, chat.Model)) is RequestRejected rejected)
                return Refuse(rejected, decision?.RetryAfterSeconds);
            if (decision!.RateLimit is { } rl)
            {
                http.Response.Headers["x-ratelimit-limit-requests"] = rl.Limit.ToString();
                http.Response.Headers["x-ratelimit-remaining-requests"] = rl.Remaining.ToString();
                http.Response.Headers["x-ratelimit-reset-requests"] = $"{rl.ResetSeconds}s";
            }

            var admitted = (RequestAdmitted)decision.Event;
            GatewayTracing.Caller(span, admitted.KeyId, admitted.OrgId);
            var request = new ChatRequest(chat.Model, chat.Body);
            return chat.Stream
                ? await StreamingChat.RunAsync(http, chat, request, admission, admitted, router, settlement, metrics, span)
                : await CompleteAsync(request, admission, admitted, router, settlement, metrics, span);
        }
        catch (Exception e) when (span is not null)
        {
            GatewayTracing.Failed(span, e.GetType().FullName!);
            throw;
        }

        // one way out for every refusal: counted, on the span, in OpenAI's error shape
        IResult Refuse(RequestRejected rejected, int? retryAfter)
        {
            metrics.CountRefusal(rejected.Code, rejected.Status);
            GatewayTracing.Caller(span, rejected.KeyId, rejected.OrgId);
            GatewayTracing.Refused(span, rejected.Code);
            return ApiErrors.Error(rejected.Status, rejected.Code, rejected.Message, retryAfter: retryAfter);
        }
    }

    private static async Task<IResult> CompleteAsync(ChatRequest request, AdmissionResult admission, RequestAdmitted admitted,
        ProviderRouter router, Settlement settlement, GatewayMetrics metrics, Activity? span)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // not the client's token: a client that hangs up still costs what the provider served, and the ledger must know it
            var routed = await router.CompleteAsync(request, admission.Org!.AllowedRegions, CancellationToken.None);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            GatewayTracing.FinishReasons(span, routed.Completion.Body);
            await settlement.RecordAsync(span, admission, admitted, routed.Route, routed.Attempts, 200, null, routed.Completion.Usage, latency);
            metrics.CountCompletion(200, routed.Route.Provider.Options.Name, latency);
            return Results.Json(routed.Completion.Body);   // the provider stamped the model the client asked for
        }
        catch (Exception e) when (UpstreamFailure.From(e) is { } failure)
        {
            return await failure.SettleAsync(span, admission, admitted, settlement, metrics, started);
        }
    }

    /// <summary>The dearest price among the providers that could serve the model for this org, in its currency.</summary>
    internal static ModelQuote? Quote(ProviderRouter router, string model, OrgAdmission org)
    {
        var worst = router.WorstCasePrice(model, org.AllowedRegions, org.Currency);
        return worst is null ? null : new ModelQuote(new UnitPrices(worst.InputPerMillion, worst.OutputPerMillion, org.Currency), worst.MaxOutputTokens);
    }
}

/// <summary>An upstream outcome that ends the request without an answer, as the client will see it.</summary>
/// <remarks>
/// Messages never name a provider or quote one, except a rejection's own words about the client's request: which
/// providers were tried and how each went is on the request's event, for operators, not in the client's answer.
/// </remarks>
public sealed record UpstreamFailure(int Status, string Code, string Message, IReadOnlyList<Attempt> Attempts)
{
    public static UpstreamFailure? From(Exception e) => e switch
    {
        NoProviderAvailableException { Attempts.Count: 0 } n => new UpstreamFailure(502, "upstream_unavailable",
            $"No provider serves model '{n.Model}' in your org's regions.", n.Attempts),
        // every circuit open: nothing was even tried
        NoProviderAvailableException n when n.Attempts.All(a => a.Outcome is "circuit_open") => new UpstreamFailure(502, "upstream_unavailable",
            $"No provider for model '{n.Model}' is available right now; try again shortly.", n.Attempts),
        NoProviderAvailableException n => new UpstreamFailure(502, "upstream_error",
            $"The providers for model '{n.Model}' failed to answer; try again shortly.", n.Attempts),
        ProviderException { Failure: ProviderFailure.Rejected } p => new UpstreamFailure(p.UpstreamStatus ?? 400, "upstream_rejected",
            p.UpstreamMessage, AttemptsOf(p)),
        ProviderException p => new UpstreamFailure(502, "upstream_error", "The provider failed to answer; try again shortly.", AttemptsOf(p)),
        _ => null,
    };

    /// <summary>The router's record of every try; a lone attempt only for an exception that never went through it.</summary>
    private static IReadOnlyList<Attempt> AttemptsOf(ProviderException p) =>
        p.Attempts.Count > 0 ? p.Attempts : [new Attempt(p.Provider, "", Attempt.OutcomeOf(p.Failure), p.UpstreamStatus, 0)];

    /// <summary>Settles a request that got no answer (nothing served, nothing charged) and answers the client with the failure.</summary>
    public async Task<IResult> SettleAsync(Activity? span, AdmissionResult admission, RequestAdmitted admitted, Settlement settlement,
        GatewayMetrics metrics, long started)
    {
        var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await settlement.RecordAsync(span, admission, admitted, null, Attempts, Status, Code, new TokenUsage(0, 0), latency);
        metrics.CountCompletion(Status, null, latency);
        return ApiErrors.Error(Status, Code, Message);
    }
}
