using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Ledger.Api.Http;

/// <summary>
/// A management body with a field the endpoint does not take is refused (400 unknown_field), never
/// half-read: a misspelt "rpm_limt" must not mint a key without its limit. The refusal itself comes from
/// the serializer (<see cref="ApiJson"/> disallows unmapped members); this turns its JsonException into
/// an answer that names the field and what the endpoint takes, without the parser's own text.
/// Inference bodies are parsed apart (ChatRequestParser) and keep accepting OpenAI's other fields.
/// </summary>
public static partial class UnknownFields
{
    private const int MaxEchoed = 64;

    /// <summary>The wire names of a body type's fields, as binding reads them (ApiJson's naming).</summary>
    private static readonly JsonSerializerOptions Names = new(ApiJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    /// <summary>The field a body-binding failure is about, when the endpoint's body type has no such field.</summary>
    public static string? Named(JsonException e, Endpoint? endpoint)
    {
        var type = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        if (type is null || e.Path is null || TopLevel().Match(e.Path) is not { Success: true } m) return null;
        var field = m.Groups["dot"].Success ? m.Groups["dot"].Value : m.Groups["quoted"].Value;
        return Fields(type).Contains(field, StringComparer.OrdinalIgnoreCase) ? null : field;
    }

    public static IResult Error(string field, Endpoint? endpoint, IEnumerable<string>? allowed = null)
    {
        allowed ??= endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType is { } t ? Fields(t) : [];
        var shown = field.Length > MaxEchoed ? field[..MaxEchoed] + "…" : field;
        var takes = allowed.ToList() is { Count: > 0 } list ? $"this endpoint takes {string.Join(", ", list)}" : "this endpoint takes no fields";
        return ApiErrors.Error(400, "unknown_field", $"Unknown field '{shown}': {takes}. Nothing was changed.", shown);
    }

    /// <summary>
    /// For a write that binds no body (e.g. POST /me/credits/claim): a JSON object with fields is refused
    /// the same way, since whatever the caller meant by them would not happen.
    /// </summary>
    public static RouteHandlerBuilder TakesNoFields(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(async (ctx, next) =>
        {
            var request = ctx.HttpContext.Request;
            if (request.ContentLength is 0 || request.ContentLength is null && !request.Headers.TransferEncoding.Any())
                return await next(ctx);
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ctx.HttpContext.RequestAborted);
                if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.EnumerateObject() is var fields && fields.MoveNext())
                    return Error(fields.Current.Name, null, []);
            }
            catch (JsonException)
            {
                // not JSON: nothing in it could have been meant as a field
            }
            return await next(ctx);
        });

    private static IEnumerable<string> Fields(Type type) => Names.GetTypeInfo(type).Properties.Select(p => p.Name);

    [GeneratedRegex("""^\$(?:\.(?<dot>[^.\[]+)|\['(?<quoted>.*)'\])$""")]
    private static partial Regex TopLevel();
}
