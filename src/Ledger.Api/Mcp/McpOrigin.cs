using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Ledger.Api.Mcp;

/// <summary>
/// The streamable-HTTP spec asks servers to check Origin against DNS rebinding: a browser page may only call the
/// MCP endpoint of its own host. The SDK leaves that to the application, so it wraps the SDK's endpoints here.
/// </summary>
public static class McpOrigin
{
    public static RouteGroupBuilder RequireSameOrigin(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no request delegate to wrap.");
            endpoint.RequestDelegate = http => Allowed(http.Request) ? inner(http) : Forbidden.ExecuteAsync(http);
        });
        return group;
    }

    private static readonly IResult Forbidden = Results.Json(
        new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = -32000, Message = "Forbidden: the Origin header does not match this host." } },
        McpJsonUtilities.DefaultOptions, statusCode: StatusCodes.Status403Forbidden);

    private static bool Allowed(HttpRequest request) =>
        request.Headers.Origin.ToString() is not { Length: > 0 } origin
        || Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
