using Ledger.Api.Keys;
using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using Ledger.Projections;
using Npgsql;

namespace Ledger.Api.Http;

/// <summary>
/// Bearer-key authentication for the management API. The key's row is read on every call, so a
/// revocation or a disable made on any node is in force at once.
/// </summary>
public static class KeyAuthentication
{
    /// <summary>Marks a group as needing a key of at least <paramref name="scope"/>.</summary>
    public static RouteGroupBuilder RequireKey(this RouteGroupBuilder group, KeyScope scope) =>
        group.WithMetadata(new KeyRequirement(scope));

    /// <summary>
    /// Authenticates before parameter binding (which is what hands handlers their <see cref="Caller"/>);
    /// runs after routing, so it knows which endpoint, and which scope, the request is for.
    /// </summary>
    public static void UseKeyAuthentication(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<KeyRequirement>() is not { } requirement)
            {
                await next(http);
                return;
            }
            var (caller, error) = await AuthenticateAsync(http, requirement.Scope);
            if (error is not null)
            {
                await error.ExecuteAsync(http);
                return;
            }
            http.Items[Caller.ItemKey] = caller;
            await next(http);
        });

    private sealed record KeyRequirement(KeyScope Scope) : IKeySecured;

    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    /// <summary>The answer to a request that presents no key at all.</summary>
    public static IResult NoKey() => ApiErrors.Error(401, ErrorCodes.InvalidApiKey, "No API key provided: send it as 'Authorization: Bearer br-…'.");

    private static async Task<(Caller?, IResult?)> AuthenticateAsync(HttpContext http, KeyScope needed)
    {
        var presented = PresentedKey(http.Request);
        if (string.IsNullOrEmpty(presented))
            return (null, NoKey());

        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var key = await KeyRows.ByHashAsync(db, KeySecret.HashOf(presented), http.RequestAborted);
        if (key is null) return (null, ApiErrors.Error(401, ErrorCodes.InvalidApiKey, "Incorrect API key provided."));

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return KeyAccess.Check(key, now, needed) is { } refused
            ? (null, ApiErrors.Error(refused.Status, refused.Code, refused.Message))
            : (new Caller(key), null);
    }
}
