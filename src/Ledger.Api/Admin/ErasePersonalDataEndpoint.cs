using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace Ledger.Api.Admin;

/// <summary>Erasure on request (GDPR art. 17): the org keeps working, its history stays verifiable.</summary>
public static class ErasePersonalDataEndpoint
{
    public static void Configure(HttpChain chain) => chain.Metadata.WithErrors(404);

    [WolverineDelete("/admin/orgs/{orgId:guid}/personal-data")]
    [ProducesResponseType<ErasureResponse>(StatusCodes.Status200OK)]
    public static async Task<IResult> DeleteAsync(Guid orgId, NpgsqlDataSource db, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken ct)
    {
        if (await OrgRows.LoadAsync(db, orgId, ct) is null) return ApiErrors.Error(404, "org_not_found", "No org with that id.");
        var erasedAt = await PersonalData.EraseAsync(db, orgId, clock.GetUtcNow(), ct);
        var inHistory = await PersonalData.HistoryHoldsEmailAsync(db, orgId, ct);
        var log = loggers.CreateLogger("Ledger.Admin");
        log.LogInformation("Erased the personal data of org {OrgId}", orgId);
        if (inHistory)
            log.LogWarning("Org {OrgId} signed up before personal data left the events: its OrgSignedUp event still holds the email", orgId);
        return Results.Ok(new ErasureResponse(orgId, true, erasedAt, inHistory));
    }
}
