using JasperFx;
using JasperFx.CodeGeneration;
using Ledger.Api.Http;
using Wolverine;
using Wolverine.Http;

namespace Ledger.Api.Hosting;

/// <summary>
/// Wolverine as the management API's endpoint runtime, and nothing more yet: no transports, no message
/// store (MediatorOnly makes no tables). The endpoints' adapter code is generated ahead of time and
/// committed under Internal/Generated (`Ledger codegen write`); every run loads it statically, tests
/// included, so no run compiles C# and what the tests exercise is what ships.
/// </summary>
public static class LedgerWolverine
{
    /// <summary>Where `codegen write` puts the generated code by default, from the repository's root.</summary>
    public const string GeneratedCodeFolder = "src/Ledger.Api/Internal/Generated";

    public static void UseLedgerWolverine(this IHostBuilder host, string? generatedCodeOutput = null) =>
        host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(LedgerWolverine).Assembly;
            opts.Durability.Mode = DurabilityMode.MediatorOnly;
            opts.Discovery.DisableConventionalDiscovery();
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            if (generatedCodeOutput is not null) opts.CodeGeneration.GeneratedCodeOutputPath = generatedCodeOutput;
        });

    public static void MapLedgerWolverine(this WebApplication app) =>
        app.MapWolverineEndpoints(opts =>
        {
            opts.AddParameterHandlingStrategy<JsonBodies>();
            opts.AddPolicy<LedgerRoutes>();
            opts.AddMiddleware(typeof(OperatorGate), chain => LedgerRoutes.IsOperatorRoute(chain));
        });
}
