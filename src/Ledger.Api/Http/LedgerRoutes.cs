using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Ledger.Api.Http;

/// <summary>
/// What the minimal-API route groups gave their endpoints, for the Wolverine endpoints by path: the
/// credential a route takes, its OpenAPI tag and the error statuses every route of the group can answer.
/// </summary>
public sealed class LedgerRoutes : IHttpPolicy
{
    public static bool IsOperatorRoute(HttpChain chain) => Path(chain).StartsWith("/admin/", StringComparison.Ordinal);

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var path = Path(chain);
            if (IsOperatorRoute(chain))
                chain.Metadata.WithMetadata(new OperatorRequirement()).WithTags("Operator").WithErrors(401, 403, 503);
            else if (path is "/signup" or "/promo")
                chain.Metadata.WithTags("Signup");
        }
    }

    private static string Path(HttpChain chain) => chain.RoutePattern?.RawText ?? "";
}
