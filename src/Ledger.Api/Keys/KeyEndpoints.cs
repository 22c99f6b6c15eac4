using Ledger.Domain;
using Ledger.Api.Commands;
using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Api.Keys;

public sealed record RevokeResponse(bool Revoked);

public sealed record AuditEntry(int Version, string Type, DateTimeOffset OccurredAt, string Actor, object Data);

/// <summary>A list answer: {"data": [...]}.</summary>
public sealed record ListResponse<T>(IEnumerable<T> Data);

/// <summary>Reading, revoking and auditing keys. Another org's key and an unknown id both answer 404.</summary>
public static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyReads(this RouteGroupBuilder keys)
    {
        keys.MapGet("/", async (Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        {
            var org = await OrgRows.LoadAsync(db, caller.OrgId, ct);
            var now = clock.GetUtcNow();
            var rows = await KeyRows.ListAsync(db, caller.OrgId, null, ct);
            return Results.Ok(new ListResponse<KeyView>(rows.Select(r => KeyView.From(r.Key, org!, r.Version, now))));
        }).Produces<ListResponse<KeyView>>();

        keys.MapGet("/{id:guid}", async (Guid id, Caller caller, NpgsqlDataSource db, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        {
            var rows = await KeyRows.ListAsync(db, caller.OrgId, id, ct);
            if (rows.Count == 0) return ApiErrors.NotFound("key");
            var org = await OrgRows.LoadAsync(db, caller.OrgId, ct);
            response.Headers.ETag = $"\"{rows[0].Version}\"";
            return Results.Ok(KeyView.From(rows[0].Key, org!, rows[0].Version, clock.GetUtcNow()));
        }).Produces<KeyView>().WithErrors(404);

        keys.MapGet("/{id:guid}/events", async (Guid id, Caller caller, EventStore.EventStore store, CancellationToken ct) =>
        {
            var events = await store.ReadStreamAsync(Streams.Key(id), 1, ct);
            if (events.Count == 0 || events[0].OrgId != caller.OrgId) return ApiErrors.NotFound("key");
            return Results.Ok(new ListResponse<AuditEntry>(events.Select(e => new AuditEntry(e.Version, e.Type, e.OccurredAt, e.Metadata.Actor, Redact(e.Data)))));
        }).Produces<ListResponse<AuditEntry>>().WithErrors(404);

        keys.MapDelete("/{id:guid}", RevokeAsync).Produces<RevokeResponse>().WithErrors(404);
        return keys;
    }

    private static async Task<IResult> RevokeAsync(Guid id, Caller caller, EventStore.EventStore store, StreamsReader reader,
        TimeProvider clock, CancellationToken ct) =>
        await RevokeKeyAsync(id, caller, store, reader, clock, ct) ? Results.Ok(new RevokeResponse(true)) : ApiErrors.NotFound("key");

    /// <summary>
    /// Revocation is permanent: the key stream records it and the org stream stops counting the key as
    /// active. False when the caller's org has no such key. Revoking a revoked key changes nothing.
    /// </summary>
    public static async Task<bool> RevokeKeyAsync(Guid id, Caller caller, EventStore.EventStore store, StreamsReader reader,
        TimeProvider clock, CancellationToken ct)
    {
        return await Conflicts.RetryAsync(async () =>
        {
            var (keyHistory, keyVersion) = await reader.LoadAsync(Streams.Key(id), ct);
            var key = ApiKey.Fold(keyHistory);
            if (key is null || key.OrgId != caller.OrgId) return false;
            var (orgHistory, orgVersion) = await reader.LoadAsync(Streams.Org(caller.OrgId), ct);
            var revoked = KeyDecider.Decide(new KeyCommand.Revoke(), key);
            var retired = OrgDecider.Decide(new OrgCommand.RetireKey(id), Org.Fold(orgHistory));
            if (revoked.Length == 0 && retired.Length == 0) return true;
            var metadata = new EventMetadata(Guid.NewGuid(), null, caller.Actor);
            var now = clock.GetUtcNow();
            var appends = new List<StreamAppend>();
            if (retired.Length > 0)
                appends.Add(new StreamAppend(Streams.Org(caller.OrgId), "org", caller.OrgId, ExpectedVersion.Exactly(orgVersion), NewEvent.Each(retired), metadata, now));
            if (revoked.Length > 0)
                appends.Add(new StreamAppend(Streams.Key(id), "key", caller.OrgId, ExpectedVersion.Exactly(keyVersion), NewEvent.Each(revoked), metadata, now));
            await store.AppendAsync(appends, ct);
            return true;
        });
    }

    /// <summary>The audit trail never shows a key's hash.</summary>
    private static object Redact(object data) => data is KeyMinted m ? m with { KeyHash = "(redacted)" } : data;
}
