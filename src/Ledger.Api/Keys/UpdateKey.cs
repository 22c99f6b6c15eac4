using System.Text.Json;
using Ledger.Api.Commands;
using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Ledger.Domain;
using Ledger.Domain.Keys;
using Npgsql;

namespace Ledger.Api.Keys;

/// <summary>
/// PATCH /me/keys/{id}: a field left out keeps its value, a field set to null clears that limit.
/// An If-Match with the key's version turns a stale edit into 412 instead of a silent overwrite.
/// </summary>
/// <summary>
/// The PATCH body, for the API document: the endpoint reads the body itself, because a field left out
/// keeps its value while a field sent as null clears it, which a bound record cannot tell apart.
/// </summary>
public sealed record KeyPatchBody(string? Name, int? RpmLimit, int? DailyLimit, decimal? Budget, decimal? BudgetEur, decimal? BudgetInr,
    string? BudgetPeriod, bool? Disabled);

public static class UpdateKeyEndpoint
{
    private static readonly HashSet<string> Fields =
        ["name", "rpm_limit", "daily_limit", "budget", "budget_eur", "budget_inr", "budget_period", "disabled"];

    public static RouteGroupBuilder MapUpdateKey(this RouteGroupBuilder keys)
    {
        keys.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, Caller caller, StreamCommands commands,
            NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        {
            JsonElement body;
            try { body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: ct); }
            catch (JsonException) { return ApiErrors.InvalidJson(); }
            if (body.ValueKind != JsonValueKind.Object) return ApiErrors.Error(400, "invalid_request_body", "The body must be a JSON object.");
            var patch = KeyPatch.Parse(body, Fields);
            if (patch.Unknown.Count > 0) return UnknownFields.Error(patch.Unknown[0], null, Fields);
            if (patch.Errors.Count > 0)
                return Validation.Invalid(patch.Errors.Values, patch.Errors.Keys);

            int? ifMatch = null;
            var header = request.Headers.IfMatch.ToString().Trim('"', ' ', 'W', '/');
            // "*" matches any version of a key that exists: no pin
            if (header.Length > 0 && header != "*")
            {
                if (!int.TryParse(header, out var v))
                    return (await KeyRows.ListAsync(db, caller.OrgId, id, ct)).Count == 0
                        ? ApiErrors.NotFound("key")
                        : ApiErrors.Error(400, "invalid_if_match", "If-Match must be the key's version, e.g. \"3\".");
                ifMatch = v;
            }

            var org = await OrgRows.LoadAsync(db, caller.OrgId, ct) ?? throw new InvalidOperationException("Caller's org row is missing.");
            try
            {
                var (version, _) = await commands.RunAsync(Streams.Key(id), "key", caller.OrgId, ApiKey.Fold,
                    key => key is null || key.OrgId != caller.OrgId
                        ? throw new DomainException(RuleKind.NotFound, "not_found", "No key with that id in this org.")
                        : patch.Decide(key, org.Currency),
                    caller.Actor, ifMatch, ct);
                var rows = await KeyRows.ListAsync(db, caller.OrgId, id, ct);
                return Results.Ok(KeyView.From(rows[0].Key, org, version, clock.GetUtcNow()));
            }
            catch (StaleVersionException e)
            {
                return ApiErrors.Error(412, "stale_version", e.Message);
            }
        }).Accepts<KeyPatchBody>("application/json").Produces<KeyView>().WithErrors(400, 404, 409, 412);
        return keys;
    }
}
