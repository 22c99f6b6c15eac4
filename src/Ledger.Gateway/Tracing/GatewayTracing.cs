using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ledger.Gateway;

/// <summary>
/// The gateway's own spans, all from the one <see cref="SourceName"/> source: the request ("chat {model}"),
/// and under it admission, one span per provider tried, and settlement. Attributes follow the OpenTelemetry
/// GenAI conventions plus the ledger's ids; none ever carries prompt or completion text.
/// <para>
/// A node without tracing has no source at all, so every Start returns null before a name or a tag is
/// built, whoever else listens to a source of that name in the process (a test host next door).
/// </para>
/// </summary>
public sealed class GatewayTracing(bool enabled) : IDisposable
{
    public const string SourceName = "Ledger.Gateway";

    private readonly ActivitySource? _source = enabled ? new ActivitySource(SourceName) : null;

    /// <summary>For a router or a provider built without a host (tests, tools): no spans.</summary>
    public static GatewayTracing Off { get; } = new(false);

    public bool Enabled => _source is not null;

    public Activity? StartChat(string model)
    {
        if (_source?.StartActivity("chat " + model) is not { } span) return null;
        span.SetTag(Tags.Operation, "chat");
        span.SetTag(Tags.RequestModel, model);
        return span;
    }

    public Activity? StartAdmission() => _source?.StartActivity("admission");

    /// <summary>One try at one provider: a client call, over HTTP for a real upstream (whose HttpClient span is its child).</summary>
    public Activity? StartProviderCall(string provider, string model)
    {
        if (_source?.StartActivity("provider " + provider, ActivityKind.Client) is not { } span) return null;
        span.SetTag(Tags.Operation, "chat");
        span.SetTag(Tags.RequestModel, model);
        span.SetTag(Tags.Provider, provider);
        return span;
    }

    public Activity? StartSettlement() => _source?.StartActivity("settlement");

    /// <summary>Whose request it is, once admission knows (a key that matches nothing has neither).</summary>
    public static void Caller(Activity? chat, Guid? keyId, Guid? orgId)
    {
        if (chat is null) return;
        if (keyId is { } k) chat.SetTag(Tags.KeyId, k.ToString());
        if (orgId is { } o) chat.SetTag(Tags.OrgId, o.ToString());
    }

    /// <summary>A refusal is the gateway's answer, not a failure: the code, and no error status.</summary>
    public static void Refused(Activity? chat, string code) => chat?.SetTag(Tags.RefusalCode, code);

    /// <summary>What the settlement recorded: who served, the tokens charged, and the failure if there was one.</summary>
    public static void Settled(Activity? chat, string? provider, TokenUsage usage, string? errorCode)
    {
        if (chat is null) return;
        if (provider is not null) chat.SetTag(Tags.Provider, provider);
        chat.SetTag(Tags.InputTokens, usage.PromptTokens);
        chat.SetTag(Tags.OutputTokens, usage.CompletionTokens);
        if (errorCode is not null) Failed(chat, errorCode);
    }

    /// <summary>
    /// The finish reasons of a completion's choices, or of a stream's chunk (added to those of earlier chunks),
    /// as the provider gave them; left out when it gave none.
    /// </summary>
    public static void FinishReasons(Activity? chat, JsonObject completionOrChunk)
    {
        if (chat is null || completionOrChunk["choices"] is not JsonArray choices) return;
        List<string>? reasons = null;
        foreach (var choice in choices)
            if (OpenAiShapes.String(choice?["finish_reason"]) is { } reason)
                (reasons ??= [.. chat.GetTagItem(Tags.FinishReasons) as string[] ?? []]).Add(reason);
        if (reasons is not null) chat.SetTag(Tags.FinishReasons, reasons.ToArray());
    }

    /// <summary>
    /// Error status with a low-cardinality type (an error code, an outcome, an exception's type name): never an
    /// exception's message, which may quote what a provider said about the prompt.
    /// </summary>
    public static void Failed(Activity? span, string errorType)
    {
        if (span is null) return;
        span.SetTag(Tags.ErrorType, errorType);
        span.SetStatus(ActivityStatusCode.Error, errorType);
    }

    public void Dispose() => _source?.Dispose();

    public static class Tags
    {
        public const string Operation = "gen_ai.operation.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string Provider = "gen_ai.provider.name";
        public const string InputTokens = "gen_ai.usage.input_tokens";
        public const string OutputTokens = "gen_ai.usage.output_tokens";
        public const string FinishReasons = "gen_ai.response.finish_reasons";
        public const string ErrorType = "error.type";
        public const string KeyId = "ledger.key_id";
        public const string OrgId = "ledger.org_id";
        public const string RefusalCode = "ledger.refusal_code";
    }
}
