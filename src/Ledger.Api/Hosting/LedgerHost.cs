using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Ledger.Api.Hosting;

public static class LedgerHost
{
    /// <param name="generatedCodeOutput">Where `codegen write` puts Wolverine's generated code; null when serving.</param>
    public static WebApplication Build(string[] args, string? generatedCodeOutput = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // the shipped settings come from beside the program, whatever the working directory,
        // below every other source so the environment and the command line still override them
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        builder.Services.AddLedger(builder.Configuration);
        builder.Host.UseLedgerWolverine(generatedCodeOutput);
        return builder.Build().MapLedger();
    }

    public static async Task<int> ServeAsync(string[] args)
    {
        await using var app = Build(args);
        await app.RunAsync();
        return 0;
    }
}
