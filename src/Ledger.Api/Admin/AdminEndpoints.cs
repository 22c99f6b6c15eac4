using FluentValidation;
using Ledger.Api.Hosting;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Orgs;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Admin;

public sealed record PaymentRequest(decimal? Amount, string? Currency, string? Reference) : IRequestBody;

public sealed record PlanRequest(string? Plan) : IRequestBody;

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
