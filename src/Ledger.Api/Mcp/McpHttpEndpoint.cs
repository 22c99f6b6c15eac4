using System.Text.Json;
using Ledger.Api.Http;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Ledger.Api.Mcp;

/// <summary>
/// The MCP streamable-HTTP transport at /mcp (spec revision 2025-06-18), with the key as a Bearer token on
/// every request. POST carries one JSON-RPC message; requests are answered as a text/event-stream on that POST,
/// notifications and responses with 202. An initialize without Mcp-Session-Id opens a session whose id comes
/// back in that header; DELETE ends it. There is no server-initiated stream, so GET answers 405.
/// The key authentication middleware has already refused missing, unknown, revoked and expired keys;
/// scope is checked per tool call so an inference-only key learns why it is refused.
/// </summary>
public static class McpHttpEndpoint
{
    private const string SessionHeader = "Mcp-Session-Id";

    public static RouteGroupBuilder MapMcp(this RouteGroupBuilder mcp)
    {
        mcp.MapPost("", PostAsync);
        mcp.MapGet("", (HttpResponse response) =>
        {
            response.Headers.Allow = "POST, DELETE";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        });
        mcp.MapDelete("", async (HttpRequest request, Caller caller, McpHttpSessions sessions) =>
        {
            var id = request.Headers[SessionHeader].ToString();
            if (sessions.Find(id) is not { } session) return RpcError(StatusCodes.Status404NotFound, -32001, "Session not found.");
            if (session.KeyId != caller.KeyId) return RpcError(StatusCodes.Status403Forbidden, -32000, "This session belongs to another key.");
            await sessions.CloseAsync(id);
            return Results.NoContent();
        });
        return mcp;
    }

    private static async Task<IResult> PostAsync(HttpContext http, Caller caller, McpHttpSessions sessions)
    {
        var (request, response) = (http.Request, http.Response);
        if (!CrossOriginAllowed(request))
            return RpcError(StatusCodes.Status403Forbidden, -32000, "Forbidden: the Origin header does not match this host.");
        var accept = request.Headers.Accept.ToString();
        if (!Accepts(accept, "application/json") || !Accepts(accept, "text/event-stream"))
            return RpcError(StatusCodes.Status406NotAcceptable, -32000, "Not Acceptable: the client must accept both application/json and text/event-stream.");

        JsonRpcMessage? message;
        try { message = await JsonSerializer.DeserializeAsync<JsonRpcMessage>(request.Body, McpJsonUtilities.DefaultOptions, http.RequestAborted); }
        catch (JsonException) { return RpcError(StatusCodes.Status400BadRequest, (int)McpErrorCode.ParseError, "Parse error: the body is not a valid JSON-RPC message."); }
        if (message is null) return RpcError(StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidRequest, "The body must be one JSON-RPC message.");

        var id = request.Headers[SessionHeader].ToString();
        McpHttpSession? session;
        if (id.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
                return RpcError(StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidRequest,
                    $"Bad Request: send initialize first, then the {SessionHeader} it returns on every request.");
            session = await sessions.OpenAsync(caller.KeyId);
        }
        else if ((session = sessions.Find(id)) is null)
        {
            // the spec's signal to start over with a new initialize
            return RpcError(StatusCodes.Status404NotFound, -32001, "Session not found.");
        }
        else if (session.KeyId != caller.KeyId)
        {
            return RpcError(StatusCodes.Status403Forbidden, -32000, "This session belongs to another key.");
        }

        response.Headers[SessionHeader] = session.Id;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        http.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        if (!await session.Transport.HandlePostRequestAsync(message, response.Body, http.RequestAborted))
        {
            // a notification or a response to the server: nothing to answer
            response.Headers.ContentType = default;
            response.StatusCode = StatusCodes.Status202Accepted;
        }
        return Results.Empty;
    }

    private static bool Accepts(string accept, string mediaType) =>
        accept.Length == 0 || accept.Contains(mediaType, StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*", StringComparison.Ordinal);

    /// <summary>The spec asks servers to check Origin against DNS rebinding: a browser page may only call its own host.</summary>
    private static bool CrossOriginAllowed(HttpRequest request) =>
        request.Headers.Origin.ToString() is not { Length: > 0 } origin
        || Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static IResult RpcError(int status, int code, string message) =>
        Results.Json(new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = code, Message = message } },
            McpJsonUtilities.DefaultOptions, statusCode: status);
}
