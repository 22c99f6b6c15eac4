using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Ledger.Gateway;
using Npgsql;

namespace Ledger.Api.Inference;

/// <summary>GET /v1/models: the models this key's org may use, in OpenAI's list shape.</summary>
public static class ModelsEndpoint
{
    public static RouteGroupBuilder MapModels(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", async (Caller caller, NpgsqlDataSource db, ProviderRouter router, CancellationToken ct) =>
        {
            var org = await OrgRows.LoadAsync(db, caller.OrgId, ct);
            var models = router.Models(org!.AllowedRegions);
            return Results.Ok(new
            {
                @object = "list",
                data = models.Select(m => new { id = m, @object = "model", created = 0, owned_by = "ledger" }),
            });
        });
        return v1;
    }
}
