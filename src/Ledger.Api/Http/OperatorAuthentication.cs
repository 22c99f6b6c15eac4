using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Hosting;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Ledger.Api.Http;

/// <summary>The operator API takes the configured operator token; without one configured it is closed.</summary>
public static class OperatorAuthentication
{
    /// <summary>The answer to a request that may not use the operator API, or null when it may.</summary>
    public static IResult? Refusal(HttpContext http)
    {
        var token = http.RequestServices.GetRequiredService<IOptions<LedgerOptions>>().Value.OperatorToken;
        if (string.IsNullOrEmpty(token))
            return ApiErrors.Error(403, "operator_api_disabled", "The operator API is off: set Ledger:OperatorToken to enable it.");
        if (!IsOperator(http))
            return ApiErrors.Error(401, "invalid_operator_token", "The operator API needs 'Authorization: Bearer <operator token>'.");
        return null;
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

/// <summary>Wolverine middleware on every /admin endpoint: stops the request before its body is read.</summary>
public static class OperatorGate
{
    public static IResult Before(HttpContext http) => OperatorAuthentication.Refusal(http) ?? WolverineContinue.Result();
}
