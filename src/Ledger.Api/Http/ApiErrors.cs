using Ledger.Domain;

namespace Ledger.Api.Http;

/// <summary>An error body in OpenAI's shape: {"error": {"message", "type", "code", "param"}}.</summary>
public sealed record ErrorBody(ErrorDetail Error);

public sealed record ErrorDetail(string Message, string Type, string Code, string? Param = null);

public static class ApiErrors
{
    public static IResult Error(int status, string code, string message, string? param = null, int? retryAfter = null) =>
        new ErrorResult(status, new ErrorBody(new ErrorDetail(message, TypeFor(status), code, param)), retryAfter);

    public static IResult From(DomainException e) => e.Kind switch
    {
        RuleKind.Invalid => Error(400, e.Code, e.Message),
        RuleKind.Conflict => Error(409, e.Code, e.Message),
        RuleKind.Forbidden => Error(403, e.Code, e.Message),
        RuleKind.NotFound => Error(404, e.Code, e.Message),
        RuleKind.Gone => Error(410, e.Code, e.Message),
        _ => Error(400, e.Code, e.Message),
    };

    /// <summary>
    /// 400 invalid_json for a body that does not parse, or whose <paramref name="field"/> has the wrong
    /// type. The parser's own text is not echoed: it names internal types and offsets, not the client's mistake.
    /// </summary>
    public static IResult InvalidJson(string? field = null) => field is { Length: > 0 }
        ? Error(400, "invalid_json", $"The body is not valid for this endpoint: '{field}' has the wrong type or form.", field)
        : Error(400, "invalid_json", "The body is not valid JSON.");

    /// <summary>
    /// The field a JSON exception blames ("$.limits.rpm" is "limits.rpm"): null for the whole body, and
    /// for a syntax error, whose path is merely where the parser stopped (it comes wrapped around the
    /// reader's own exception, a type System.Text.Json keeps internal).
    /// </summary>
    public static string? FieldOf(System.Text.Json.JsonException e) =>
        e.InnerException?.GetType().Name == "JsonReaderException" ? null
        : e.Path?.TrimStart('$', '.') is { Length: > 0 } f ? f : null;

    public static IResult NotFound(string what) => Error(404, "not_found", $"No {what} with that id in this org.");

    private static string TypeFor(int status) => status switch
    {
        400 or 404 or 409 or 410 or 412 or 415 => "invalid_request_error",
        401 => "authentication_error",
        402 => "insufficient_quota",
        403 => "permission_error",
        429 => "rate_limit_error",
        503 => "service_unavailable",
        _ => "api_error",
    };

    private sealed class ErrorResult(int status, ErrorBody body, int? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            if (status == 401) http.Response.Headers.WWWAuthenticate = "Bearer";
            if (retryAfter is int s) http.Response.Headers.RetryAfter = s.ToString();
            return http.Response.WriteAsJsonAsync(body, ApiJson.Options);
        }
    }
}
