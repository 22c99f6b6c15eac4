using System.Reflection;
using Ledger.Domain.Admission;
using Ledger.Domain.Keys;

namespace Ledger.Api.Http;

/// <summary>The authenticated key behind a request; handlers take it as a parameter.</summary>
public sealed record Caller(KeyAdmission Key)
{
    internal const string ItemKey = "ledger.caller";

    public Guid KeyId => Key.KeyId;
    public Guid OrgId => Key.OrgId;
    public KeyScope Scope => Key.Scope;

    /// <summary>
    /// Why this key may not make a call that needs <paramref name="needed"/> scope, as an error code and
    /// HTTP status; null when it may. The one rule for /me, /admin-free routes and the MCP tools alike.
    /// </summary>
    public static (string Code, int Status)? Refusal(KeyAdmission key, DateTimeOffset now, KeyScope needed) => key.StatusAt(now) switch
    {
        KeyStatus.Revoked => (ErrorCodes.KeyRevoked, 401),
        KeyStatus.Disabled => (ErrorCodes.KeyDisabled, 403),
        KeyStatus.Expired => (ErrorCodes.KeyExpired, 401),
        _ when needed == KeyScope.Full && key.Scope != KeyScope.Full => (ErrorCodes.InsufficientScope, 403),
        _ => null,
    };

    public string Actor => $"key:{KeyId}";

    public static ValueTask<Caller?> BindAsync(HttpContext http, ParameterInfo _) =>
        ValueTask.FromResult<Caller?>(http.Items[ItemKey] as Caller
            ?? throw new InvalidOperationException("Caller used on a route without RequireKey()."));
}
