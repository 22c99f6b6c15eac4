using System.Reflection;
using Ledger.Domain.Admission;
using Ledger.Domain.Keys;

namespace Ledger.Api.Http;

/// <summary>The authenticated key behind a request; handlers take it as a parameter.</summary>
public sealed record Caller(Guid KeyId, Guid OrgId, KeyScope Scope, KeyAdmission Key)
{
    internal const string ItemKey = "ledger.caller";

    public string Actor => $"key:{KeyId}";

    public static ValueTask<Caller?> BindAsync(HttpContext http, ParameterInfo _) =>
        ValueTask.FromResult<Caller?>(http.Items[ItemKey] as Caller
            ?? throw new InvalidOperationException("Caller used on a route without RequireKey()."));
}
