using System.Diagnostics;
using Ledger.Domain.Orgs;
using Ledger.Domain.Pricing;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Ledger.Gateway;
using Ledger.Projections.Admission;

namespace Ledger.Api.Inference;

/// <summary>Turns what happened upstream into the request's RequestCompleted, priced with the facts of the moment.</summary>
public sealed class Settlement(FxRates fx, RequestLedger ledger, TimeProvider clock, GatewayTracing tracing)
{
    /// <summary>
    /// Records the request's RequestCompleted, now; completes once it is durable. The request's span
    /// (<paramref name="chat"/>) gets the same provider and tokens as the event.
    /// </summary>
    public async Task RecordAsync(Activity? chat, AdmissionResult admission, RequestAdmitted admitted, RouteCandidate? route,
        IReadOnlyList<Attempt> attempts, int status, string? errorCode, TokenUsage usage, double latencyMs)
    {
        using var span = tracing.StartSettlement();
        GatewayTracing.Settled(chat, route?.Provider.Options.Name, usage, errorCode);
        var org = admission.Org!;
        var price = route?.Price;
        var unit = price is null ? new UnitPrices(0m, 0m, org.Currency) : new UnitPrices(price.InputPerMillion, price.OutputPerMillion, price.Currency);
        var rate = price is null ? 1m : fx.Rate(price.Currency, org.Currency);
        var billable = admitted.Tier == OrgTier.Standard;
        var charge = Pricer.Price(usage.PromptTokens, usage.CompletionTokens, unit, rate, org.Plan.MarkupPercent, billable);
        var completed = new RequestCompleted(admitted.RequestId, admitted.KeyId, admitted.OrgId, admitted.Model, admission.At,
            route?.Provider.Options.Name, route?.Provider.Options.Region, status, errorCode,
            usage.PromptTokens, usage.CompletionTokens, Math.Round(latencyMs, 3),
            unit.InputPerMillion, unit.OutputPerMillion, unit.Currency, rate, org.Plan.MarkupPercent,
            charge.ProviderCost, charge.Charged, org.Currency, admitted.Reserved, billable,
            attempts.Select(a => new UpstreamAttempt(a.Provider, a.Region, a.Outcome, a.Status, Math.Round(a.LatencyMs, 3))).ToArray());
        try
        {
            await ledger.SettleAsync(admitted.RequestId, admitted.OrgId, admitted.KeyId, admission.Hash!, completed, $"key:{admitted.KeyId}", clock.GetUtcNow());
        }
        catch (ConcurrencyException)
        {
            // the sweeper settled this reservation first (the request outlived the reservation timeout):
            // the ledger already charges the reserved amount, and the client still gets its answer
        }
    }
}
