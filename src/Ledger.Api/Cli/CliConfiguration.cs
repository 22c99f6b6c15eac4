namespace Ledger.Api.Cli;

/// <summary>The gateway's configuration sources (appsettings, environment), for verbs that run without the web host.</summary>
public static class CliConfiguration
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}
