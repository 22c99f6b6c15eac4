using System.Text;
using Ledger.Api.Admin;
using Ledger.Api.Http;
using Ledger.Api.Inference;
using Ledger.Api.Keys;
using Ledger.Api.Ops;
using Ledger.Api.Orgs;
using Ledger.Api.Usage;
using Ledger.Domain.Keys;

namespace Ledger.Api.Hosting;

/// <summary>Wires the route groups; each slice maps its own endpoints.</summary>
public static class LedgerEndpoints
{
    public static WebApplication MapLedger(this WebApplication app)
    {
        app.UseLedgerErrors();
        app.UseKeyAuthentication();
        app.UseDefaultFiles();
        app.UseStaticFiles();

        var open = app.MapGroup("").WithTags("Signup");
        open.MapSignUp().MapPromo();

        var v1 = app.MapGroup("/v1").WithTags("Inference");
        v1.MapChatCompletions();
        v1.MapGroup("").RequireKey(KeyScope.Inference).MapModels();

        var me = app.MapGroup("/me").WithTags("Org").RequireKey(KeyScope.Full);
        me.MapOrgReads();
        me.MapGroup("").WithTags("Usage").MapActivity().MapUsage().MapInvoices();
        me.MapGroup("/keys").WithTags("Keys").MapMintKey().MapMintEphemeralKey().MapKeyReads().MapUpdateKey();

        app.MapGroup("/admin").WithTags("Operator").RequireOperator().MapAdmin();

        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/metrics", (GatewayMetrics metrics) =>
        {
            var text = new StringBuilder();
            metrics.Write(text);
            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        });
        return app;
    }
}
