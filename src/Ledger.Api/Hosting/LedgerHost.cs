namespace Ledger.Api.Hosting;

public static class LedgerHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddLedger(builder.Configuration);
        return builder.Build().MapLedger();
    }

    public static async Task<int> ServeAsync(string[] args)
    {
        await using var app = Build(args);
        await app.RunAsync();
        return 0;
    }
}
