using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Hosting;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Http;

/// <summary>The operator API takes the configured operator token; without one configured it is closed.</summary>
public static class OperatorAuthentication
{
    public static RouteGroupBuilder RequireOperator(this RouteGroupBuilder group)
    {
        group.WithMetadata(new OperatorRequirement());
        group.AddEndpointFilter(async (ctx, next) =>
        {
            var token = ctx.HttpContext.RequestServices.GetRequiredService<IOptions<LedgerOptions>>().Value.OperatorToken;
            if (string.IsNullOrEmpty(token))
                return ApiErrors.Error(403, "operator_api_disabled", "The operator API is off: set Ledger:OperatorToken to enable it.");
            if (!IsOperator(ctx.HttpContext))
                return ApiErrors.Error(401, "invalid_operator_token", "The operator API needs 'Authorization: Bearer <operator token>'.");
            return await next(ctx);
        });
        return group;
    }

    /// <summary>True when the request presents the configured operator token (never when none is configured).</summary>
    public static bool IsOperator(HttpContext http)
    {
        var token = http.RequestServices.GetRequiredService<IOptions<LedgerOptions>>().Value.OperatorToken;
        var presented = KeyAuthentication.PresentedKey(http.Request);
        return !string.IsNullOrEmpty(token) && presented is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token));
    }
}
