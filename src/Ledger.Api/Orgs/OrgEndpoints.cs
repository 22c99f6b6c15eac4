using Ledger.Domain;
using Ledger.Api.Commands;
using Ledger.Api.Hosting;
using Ledger.Api.Http;
using Ledger.Domain.Orgs;
using Ledger.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.Orgs;

/// <summary>Who the presented key is: its org and itself.</summary>
/// <param name="Email">From org_personal_data; null once an operator erased it.</param>
public sealed record MeView(Guid OrgId, string? Email, string Currency, string Timezone, string[] Regions, string Tier, string Plan, Guid KeyId, string KeyName, string Scope);

public sealed record PromoView(int PoolSize, int Remaining, Dictionary<string, decimal> Amount);

public sealed record ClaimResponse(decimal Amount, string Currency, decimal Balance, string Tier, int Remaining);

public static class OrgEndpoints
{
    public static RouteGroupBuilder MapOrgReads(this RouteGroupBuilder me)
    {
        me.MapGet("/", async (Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
            await OrgRows.LoadAsync(db, caller.OrgId, ct) is { } org
                ? Results.Ok(new MeView(org.OrgId, await PersonalData.EmailAsync(db, caller.OrgId, ct), org.Currency, org.TimeZone, org.AllowedRegions, org.Tier.ToString().ToLowerInvariant(),
                    org.Plan.Name, caller.KeyId, caller.Key.Name, caller.Scope.ToString().ToLowerInvariant()))
                : ApiErrors.NotFound("org")).Produces<MeView>();
        me.MapGet("/balance", async (Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
            await OrgRows.LoadAsync(db, caller.OrgId, ct) is { } org ? Results.Ok(OrgRows.Balance(org)) : ApiErrors.NotFound("org"))
            .Produces<BalanceView>();
        me.MapGet("/plan", async (Caller caller, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
            await OrgRows.LoadAsync(db, caller.OrgId, ct) is { } org ? Results.Ok(OrgRows.Plan(org, clock.GetUtcNow())) : ApiErrors.NotFound("org"))
            .Produces<PlanView>();
        me.MapPost("/credits/claim", ClaimAsync).TakesNoFields().Produces<ClaimResponse>().WithErrors(409, 410, 429);
        return me;
    }

    public static RouteGroupBuilder MapPromo(this RouteGroupBuilder group)
    {
        group.MapGet("/promo", async (StreamsReader reader, IOptions<LedgerOptions> options, CancellationToken ct) =>
        {
            var (_, taken) = await reader.LoadAsync(PromoPool.StreamId, ct);
            var promo = options.Value.Promo;
            return Results.Ok(new PromoView(promo.PoolSize, Math.Max(0, promo.PoolSize - taken), promo.Amount));
        }).Produces<PromoView>();
        return group;
    }

    /// <summary>
    /// Takes one credit from the shared pool and credits the org, in one transaction. The pool
    /// stream's version is the number taken, so under concurrency exactly PoolSize claims succeed.
    /// The same transaction counts the claim against the client's address (Ledger:PromoClaimsPerIpPerHour),
    /// so one address cannot drain the pool through many orgs; a refused or failed claim counts nothing.
    /// </summary>
    private static async Task<IResult> ClaimAsync(Caller caller, HttpContext http, EventStore.EventStore store, StreamsReader reader,
        NpgsqlDataSource db, TimeProvider clock, IOptions<LedgerOptions> options, CancellationToken ct)
    {
        var o = options.Value;
        var promo = o.Promo;
        var address = ClientAddress.Of(http);
        // another org claiming at the same moment moves the pool: look at it again
        return await Conflicts.RetryAsync(async () =>
        {
            var (orgHistory, orgVersion) = await reader.LoadAsync(Streams.Org(caller.OrgId), ct);
            var org = Org.Fold(orgHistory);
            var (_, taken) = await reader.LoadAsync(PromoPool.StreamId, ct);
            var amount = promo.Amount.GetValueOrDefault(org?.Currency ?? "", 0m);
            var credited = OrgDecider.Decide(new OrgCommand.ClaimSignupCredit(amount, org?.Currency ?? ""), org);
            var took = PromoPool.Take(caller.OrgId, taken, promo.PoolSize);
            var now = clock.GetUtcNow();
            var metadata = new EventMetadata(Guid.NewGuid(), null, caller.Actor);
            await using (var connection = await db.OpenConnectionAsync(ct))
            await using (var transaction = await connection.BeginTransactionAsync(ct))
            {
                if (!await ClientAddressLimits.TryCountAsync(connection, transaction, "promo_claim", address, now, o.PromoClaimsPerIpPerHour, ct))
                    return ClientAddressLimits.Refusal("credit claims", o.PromoClaimsPerIpPerHour, now);
                await store.AppendAsync(connection, transaction,
                    [
                        new StreamAppend(PromoPool.StreamId, "promo", null,
                            taken == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(taken), NewEvent.Each(took), metadata, now),
                        new StreamAppend(Streams.Org(caller.OrgId), "org", caller.OrgId, ExpectedVersion.Exactly(orgVersion), NewEvent.Each(credited), metadata, now),
                    ], ct);
                await transaction.CommitAsync(ct);
            }
            var row = await OrgRows.LoadAsync(db, caller.OrgId, ct);
            return Results.Ok(new ClaimResponse(amount, org!.Currency, row!.Balance, row.Tier.ToString().ToLowerInvariant(),
                Math.Max(0, promo.PoolSize - taken - 1)));
        }, maxAttempts: 500);
    }
}
