using FluentValidation;
using Ledger.Api.Commands;
using Ledger.Api.Hosting;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Orgs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Ledger.Api.Admin;

/// <summary>A plan from sales: the org's limits and markup change at once.</summary>
public static class ChangePlanEndpoint
{
    public static void Configure(HttpChain chain) => chain.Metadata.WithErrors(400, 404);

    public static Task<IResult> ValidateAsync(PlanRequest body, IValidator<PlanRequest> validator, CancellationToken ct) =>
        Validation.CheckAsync(validator, body, ct);

    [WolverinePut("/admin/orgs/{orgId:guid}/plan")]
    [ProducesResponseType<PlanChangeResponse>(StatusCodes.Status200OK)]
    public static async Task<IResult> PutAsync(Guid orgId, PlanRequest body, StreamCommands commands, IOptions<LedgerOptions> options,
        CancellationToken ct)
    {
        var terms = options.Value.Plan(body.Plan!);
        var (version, appended) = await commands.RunAsync(Streams.Org(orgId), "org", orgId, Org.Fold,
            org => OrgDecider.Decide(new OrgCommand.ChangePlan(terms), org), "operator", null, ct);
        return Results.Ok(new PlanChangeResponse(terms, appended.Count > 0, version));
    }
}
