using FluentValidation;
using Ledger.Api.Commands;
using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Ledger.Domain;
using Ledger.Domain.Orgs;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace Ledger.Api.Admin;

/// <summary>A payment from billing; a reference recorded before changes nothing.</summary>
public static class RecordPaymentEndpoint
{
    public static void Configure(HttpChain chain) => chain.Metadata.WithErrors(400, 404);

    public static Task<IResult> ValidateAsync(PaymentRequest body, IValidator<PaymentRequest> validator, CancellationToken ct) =>
        Validation.CheckAsync(validator, body, ct);

    [WolverinePost("/admin/orgs/{orgId:guid}/payments")]
    [ProducesResponseType<PaymentResponse>(StatusCodes.Status200OK)]
    public static async Task<IResult> PostAsync(Guid orgId, PaymentRequest body, StreamCommands commands, NpgsqlDataSource db,
        CancellationToken ct)
    {
        var (version, appended) = await commands.RunAsync(Streams.Org(orgId), "org", orgId, Org.Fold,
            org => OrgDecider.Decide(new OrgCommand.RecordPayment(body.Amount!.Value, body.Currency!, body.Reference!), org),
            "operator", null, ct);
        var row = await OrgRows.LoadAsync(db, orgId, ct);
        return Results.Ok(new PaymentResponse(appended.Count > 0, appended.Count == 0, version, row?.Balance));
    }
}
