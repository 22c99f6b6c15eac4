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

    public string Actor => $"key:{KeyId}";

    public static ValueTask<Caller?> BindAsync(HttpContext http, ParameterInfo _) => ValueTask.FromResult<Caller?>(Of(http));

    /// <summary>The caller the key authentication middleware found for this request.</summary>
    public static Caller Of(HttpContext http) =>
        http.Items[ItemKey] as Caller ?? throw new InvalidOperationException("Caller used on a route without RequireKey().");
}
