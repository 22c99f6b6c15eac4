using Ledger.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// One gateway node over a test database. Several factories over the same database are several
/// nodes: they share nothing but PostgreSQL, like production.
/// </summary>
public sealed class LedgerFactory(string connectionString, ManualClock? clock = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string OperatorToken = "test-operator-token";
    public ManualClock? Clock { get; } = clock;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Ledger:Db", connectionString);
        builder.UseSetting("Ledger:OperatorToken", OperatorToken);
        builder.UseSetting("Ledger:NodeName", "test-" + Guid.NewGuid().ToString("N")[..6]);
        // the tests' providers answer at once
        for (var i = 0; i < 3; i++) builder.UseSetting($"Ledger:Gateway:Providers:{i}:SimulatedLatencyMs", "0");
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(k, v);
        if (Clock is not null) builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}
