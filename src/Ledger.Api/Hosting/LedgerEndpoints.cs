using Ledger.Api.Http;
using Ledger.Api.Inference;
using Ledger.Api.Keys;
using Ledger.Api.Mcp;
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
        // first, so everything after it sees the client's address; without trusted proxies X-Forwarded-For is never read
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LedgerOptions>>().Value.TrustedProxies.Length > 0)
            app.UseForwardedHeaders();
        app.UseLedgerErrors();
        app.UseKeyAuthentication();
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.MapOpenApi();   // /openapi/v1.json

        // the management endpoints on Wolverine.Http: /signup, /admin/*
        app.MapLedgerWolverine();
        app.MapGroup("").WithTags("Signup").MapPromo();

        var v1 = app.MapGroup("/v1").WithTags("Inference");
        v1.MapChatCompletions();
        v1.MapGroup("").RequireKey(KeyScope.Inference).WithErrors(401, 403).MapModels();

        var me = app.MapGroup("/me").WithTags("Org").RequireKey(KeyScope.Full).WithErrors(401, 403, 503);
        me.MapOrgReads();
        me.MapGroup("").WithTags("Usage").MapActivity().MapUsage().MapInvoices();
        me.MapGroup("/keys").WithTags("Keys").MapMintKey().MapMintEphemeralKey().MapKeyReads().MapUpdateKey();

        // any valid key may reach the MCP endpoint; the tools themselves need full scope and say so
        app.MapGroup("/mcp").WithTags("MCP").RequireKey(KeyScope.Inference).RequireSameOrigin().MapMcp();

        app.MapOps();
        return app;
    }
}
