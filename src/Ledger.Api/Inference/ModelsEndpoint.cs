using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Ledger.Gateway;
using Npgsql;

namespace Ledger.Api.Inference;

/// <summary>GET /v1/models: the models this key's org may use, in OpenAI's list shape.</summary>
/// <summary>OpenAI's model list: {"object": "list", "data": [{"id", "object": "model", "created", "owned_by"}]}.</summary>
public sealed record ModelList(string Object, IEnumerable<ModelEntry> Data);

public sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy);

public static class ModelsEndpoint
{
    public static RouteGroupBuilder MapModels(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", async (Caller caller, NpgsqlDataSource db, ProviderRouter router, CancellationToken ct) =>
        {
            var org = await OrgRows.LoadAsync(db, caller.OrgId, ct);
            var models = router.Models(org!.AllowedRegions);
            return Results.Ok(new ModelList("list", models.Select(m => new ModelEntry(m, "model", 0, "ledger"))));
        }).Produces<ModelList>();
        return v1;
    }
}
