using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Ledger.Api.Http;
using Ledger.Domain;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ledger.Api.Mcp;

/// <summary>
/// One management tool. Its input schema is generated from <typeparamref name="TInput"/> (snake_case, with the
/// ranges its attributes declare), so what a client sees is what the tool parses. A call is authorized, parsed and
/// validated before it runs; a call that runs is recorded on the calling key's stream. A bad argument or a refused
/// business rule is a tool error (isError, a message naming the problem) and records nothing; a key that may not
/// use the tools is a protocol error naming the reason.
/// </summary>
public abstract class LedgerTool<TInput>(McpSessionKey session, McpKeyGuard guard, IValidator<TInput>? validator = null)
    : McpServerTool where TInput : class
{
    /// <summary>The API's wire format, strict about unknown fields so a misspelt argument is reported, not ignored.</summary>
    private static readonly JsonSerializerOptions Json = new(ApiJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
    private static readonly JsonElement Schema = AIJsonUtilities.CreateJsonSchema(typeof(TInput), serializerOptions: Json);

    private Tool? _tool;

    protected abstract string Name { get; }
    protected abstract string Description { get; }
    protected virtual bool ReadOnly => true;

    /// <summary>Runs the tool; returns what the client gets and the one line the audit history keeps.</summary>
    protected abstract Task<(object Result, string Summary)> RunAsync(Http.Caller caller, TInput input, CancellationToken ct);

    public override Tool ProtocolTool => _tool ??= new Tool
    {
        Name = Name,
        Description = Description,
        InputSchema = Schema,
        Annotations = new ToolAnnotations { ReadOnlyHint = ReadOnly, DestructiveHint = !ReadOnly, OpenWorldHint = false },
    };

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken ct = default)
    {
        var caller = await guard.AuthorizeAsync(session, ct);
        TInput input;
        try
        {
            var arguments = JsonSerializer.SerializeToElement(request.Params?.Arguments ?? new Dictionary<string, JsonElement>());
            input = arguments.Deserialize<TInput>(Json) ?? throw new JsonException("The arguments must be a JSON object.");
        }
        catch (JsonException e)
        {
            // the serialiser's text names CLR types; the field is what the caller can fix
            return Error("invalid_arguments", Http.ApiErrors.FieldOf(e) is { } field
                ? $"The arguments do not fit this tool's input schema: '{field}' has the wrong type or form."
                : "The arguments do not fit this tool's input schema.");
        }
        if (validator is not null && await validator.ValidateAsync(input, ct) is { IsValid: false } invalid)
            return Error("invalid_arguments", string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage)));

        try
        {
            var (result, summary) = await RunAsync(caller, input, ct);
            // recorded after the tool's own effect commits, so the history never claims a call that failed
            await guard.RecordAsync(caller, Name, summary, ct);
            var json = JsonSerializer.SerializeToElement(result, ApiJson.Options);
            return new CallToolResult { Content = [new TextContentBlock { Text = json.GetRawText() }], StructuredContent = json };
        }
        catch (DomainException e)
        {
            return Error(e.Code, e.Message);
        }
    }

    protected static CallToolResult Error(string code, string message) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = $"{code}: {message}" }] };
}

/// <summary>The input of a tool that takes no arguments.</summary>
public sealed record NoInput;
