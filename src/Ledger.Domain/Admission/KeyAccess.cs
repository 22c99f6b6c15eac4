using Ledger.Domain.Keys;

namespace Ledger.Domain.Admission;

/// <summary>Why a key may not be used: the client's error code, its HTTP status and a message that says what to do.</summary>
public sealed record KeyRefusal(string Code, int Status, string Message);

/// <summary>
/// The one rule for whether a presented key may be used, for inference, the management API and the
/// MCP tools alike, in the documented order: revoked, disabled, expired, then scope. (The dashboard's
/// status ranks expired over disabled; that is how a key shows, not why it is refused.)
/// </summary>
public static class KeyAccess
{
    public static KeyRefusal? Check(KeyAdmission key, DateTimeOffset now, KeyScope needed)
    {
        if (key.Revoked) return new(ErrorCodes.KeyRevoked, 401, "This API key has been revoked.");
        if (key.Disabled) return new(ErrorCodes.KeyDisabled, 403, "This API key is disabled; enable it on the dashboard.");
        if (key.ExpiresAt <= now) return new(ErrorCodes.KeyExpired, 401, $"This API key expired at {key.ExpiresAt:u}.");
        if (needed == KeyScope.Full && key.Scope != KeyScope.Full)
            return new(ErrorCodes.InsufficientScope, 403,
                "This key is inference-only; managing keys, credits and billing needs a full-scope key.");
        return null;
    }
}
