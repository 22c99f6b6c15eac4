using FluentValidation;
using Ledger.Api.Commands;
using Ledger.Api.Hosting;
using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Ledger.Domain;
using Ledger.Domain.Orgs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.Admin;

public sealed record PaymentRequest(decimal? Amount, string? Currency, string? Reference);

public sealed record PlanRequest(string? Plan);

/// <param name="Duplicate">True when a payment with this reference was recorded before: nothing is recorded twice.</param>
public sealed record PaymentResponse(bool Recorded, bool Duplicate, int Version, decimal? Balance);

public sealed record PlanChangeResponse(PlanTerms Plan, bool Changed, int Version);

/// <param name="EmailInHistory">True for an org that signed up before personal data left the events: its
/// OrgSignedUp event still carries the email, which no erasure can reach without breaking the hash chain.</param>
public sealed record ErasureResponse(Guid OrgId, bool Erased, DateTimeOffset ErasedAt, bool EmailInHistory);

public sealed class PaymentValidator : AbstractValidator<PaymentRequest>
{
    public PaymentValidator()
    {
        RuleFor(r => r.Amount).NotNull().GreaterThan(0).OverridePropertyName("amount").WithName("amount");
        RuleFor(r => r.Currency).NotEmpty().Must(c => c is not null && Currencies.Billing.Contains(c)).OverridePropertyName("currency").WithName("currency")
            .WithMessage("'currency' must be EUR or INR.");
        RuleFor(r => r.Reference).NotEmpty().MaximumLength(200).OverridePropertyName("reference").WithName("reference");
    }
}

public sealed class PlanValidator : AbstractValidator<PlanRequest>
{
    public PlanValidator(IOptions<LedgerOptions> options) =>
        RuleFor(r => r.Plan).NotEmpty().Must(p => p is not null && options.Value.Plans.ContainsKey(p)).OverridePropertyName("plan").WithName("plan")
            .WithMessage($"'plan' must be one of: {string.Join(", ", options.Value.Plans.Keys)}.");
}

/// <summary>The operator API: payments arrive from billing, plans from sales. Token-authenticated.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/orgs/{orgId:guid}/payments", async (Guid orgId, PaymentRequest body, StreamCommands commands,
            NpgsqlDataSource db, CancellationToken ct) =>
        {
            var (version, appended) = await commands.RunAsync(Streams.Org(orgId), "org", orgId, Org.Fold,
                org => OrgDecider.Decide(new OrgCommand.RecordPayment(body.Amount!.Value, body.Currency!, body.Reference!), org),
                "operator", null, ct);
            var row = await OrgRows.LoadAsync(db, orgId, ct);
            return Results.Ok(new PaymentResponse(appended.Count > 0, appended.Count == 0, version, row?.Balance));
        }).Validate<PaymentRequest>().Produces<PaymentResponse>().WithErrors(400, 404);

        admin.MapPut("/orgs/{orgId:guid}/plan", async (Guid orgId, PlanRequest body, StreamCommands commands,
            IOptions<LedgerOptions> options, CancellationToken ct) =>
        {
            var terms = options.Value.Plan(body.Plan!);
            var (version, appended) = await commands.RunAsync(Streams.Org(orgId), "org", orgId, Org.Fold,
                org => OrgDecider.Decide(new OrgCommand.ChangePlan(terms), org), "operator", null, ct);
            return Results.Ok(new PlanChangeResponse(terms, appended.Count > 0, version));
        }).Validate<PlanRequest>().Produces<PlanChangeResponse>().WithErrors(400, 404);

        // erasure on request (GDPR art. 17): the org keeps working, its history stays verifiable
        admin.MapDelete("/orgs/{orgId:guid}/personal-data", async (Guid orgId, NpgsqlDataSource db, TimeProvider clock,
            ILoggerFactory loggers, CancellationToken ct) =>
        {
            if (await OrgRows.LoadAsync(db, orgId, ct) is null) return ApiErrors.Error(404, "org_not_found", "No org with that id.");
            var erasedAt = await PersonalData.EraseAsync(db, orgId, clock.GetUtcNow(), ct);
            var inHistory = await PersonalData.HistoryHoldsEmailAsync(db, orgId, ct);
            var log = loggers.CreateLogger("Ledger.Admin");
            log.LogInformation("Erased the personal data of org {OrgId}", orgId);
            if (inHistory)
                log.LogWarning("Org {OrgId} signed up before personal data left the events: its OrgSignedUp event still holds the email", orgId);
            return Results.Ok(new ErasureResponse(orgId, true, erasedAt, inHistory));
        }).Produces<ErasureResponse>().WithErrors(404);
        return admin;
    }
}
