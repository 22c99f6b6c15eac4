using FluentValidation;
using Ledger.Api.Commands;
using Ledger.Api.Hosting;
using Ledger.Api.Http;
using Ledger.Api.Keys;
using Ledger.Domain;
using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine.Http;

namespace Ledger.Api.Orgs;

public sealed record SignUpRequest(string? OrgName, string? Email, string? Currency, string? Timezone) : IRequestBody;

public sealed record SignUpResponse(Guid OrgId, string OrgName, string Currency, string Timezone, string Tier, Guid KeyId, string Key, string Prefix, string Plan);

public sealed class SignUpValidator : AbstractValidator<SignUpRequest>
{
    public SignUpValidator()
    {
        RuleFor(r => r.OrgName).NotEmpty().MaximumLength(100).OverridePropertyName("org_name").WithName("org_name");
        RuleFor(r => r.Email).NotEmpty().MaximumLength(254).EmailAddress().OverridePropertyName("email").WithName("email");
        RuleFor(r => r.Currency).NotEmpty().Must(c => c is not null && Currencies.Billing.Contains(c))
            .OverridePropertyName("currency").WithName("currency").WithMessage("'currency' must be EUR or INR.");
        RuleFor(r => r.Timezone).Must(tz => tz is null || OrgCalendar.IsKnownZone(tz))
            .OverridePropertyName("timezone").WithName("timezone").WithMessage("'timezone' must be an IANA time zone such as Europe/Paris or Asia/Kolkata.");
    }
}

/// <summary>
/// Creates a trial org and its first full-scope key, shown once. One transaction holds the address's
/// signup count, the org's personal data and the events: all of them or none.
/// </summary>
public static class SignUpEndpoint
{
    public static void Configure(HttpChain chain) => chain.Metadata.WithErrors(400, 429);

    public static Task<IResult> ValidateAsync(SignUpRequest body, IValidator<SignUpRequest> validator, CancellationToken ct) =>
        Validation.CheckAsync(validator, body, ct);

    [WolverinePost("/signup")]
    [ProducesResponseType<SignUpResponse>(StatusCodes.Status201Created)]
    public static async Task<IResult> PostAsync(SignUpRequest body, HttpContext http, KeyMinting minting, EventStore.EventStore store,
        NpgsqlDataSource db, TimeProvider clock, IOptions<LedgerOptions> options, CancellationToken ct)
    {
        var o = options.Value;
        var orgId = Guid.NewGuid();
        var plan = o.Plan(o.SignupPlan);
        var signedUp = Domain.Orgs.OrgDecider.Decide(new Domain.Orgs.OrgCommand.SignUp(orgId, body.OrgName!.Trim(),
            body.Currency!, body.Timezone ?? Currencies.DefaultTimeZone(body.Currency!), o.RegionsFor(body.Currency!), plan), null);
        var mint = minting.Plan(null, 0, signedUp, new MintSpec("default", KeyScope.Full, false, KeyLimits.None, null), $"signup:{orgId}");
        var now = clock.GetUtcNow();

        await using (var connection = await db.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            if (!await ClientAddressLimits.TryCountAsync(connection, transaction, "signup", ClientAddress.Of(http), now, o.SignupsPerIpPerHour, ct))
                return ClientAddressLimits.Refusal("signups", o.SignupsPerIpPerHour, now);
            await PersonalData.RecordAsync(connection, transaction, orgId, body.Email!.Trim(), now, ct);
            await store.AppendAsync(connection, transaction, mint.Appends, ct);
            await transaction.CommitAsync(ct);
        }

        var e = (Domain.Orgs.OrgSignedUp)signedUp[0];
        return Results.Created($"/me/keys/{mint.Key.KeyId}", new SignUpResponse(orgId, e.Name, e.Currency, e.TimeZone,
            mint.Key.Tier.ToString().ToLowerInvariant(), mint.Key.KeyId, mint.Plain, mint.Key.Prefix, plan.Name));
    }
}
