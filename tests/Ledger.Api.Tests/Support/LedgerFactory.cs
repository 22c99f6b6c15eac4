using System.Net;
using Ledger.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// One gateway node over a test database. Several factories over the same database are several
/// nodes: they share nothing but PostgreSQL, like production.
/// </summary>
/// <param name="settings">Configuration for this node; a key set to null is left unset (the code's default applies).</param>
public sealed class LedgerFactory(string connectionString, ManualClock? clock = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string OperatorToken = "test-operator-token";

    /// <summary>The test server has no network peer: a request names the address it comes from in this header (loopback without it).</summary>
    public const string PeerHeader = "X-Test-Peer";

    public ManualClock? Clock { get; } = clock;

    // tests sign up many orgs from the one test address: the per-address limits get their own tests
    private static readonly Dictionary<string, string> Unlimited = new()
    {
        ["Ledger:SignupsPerIpPerHour"] = "1000000",
        ["Ledger:PromoClaimsPerIpPerHour"] = "1000000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var given = settings ?? new Dictionary<string, string?>();
        builder.UseEnvironment("Testing");
        builder.UseSetting("Ledger:Db", connectionString);
        builder.UseSetting("Ledger:OperatorToken", OperatorToken);
        builder.UseSetting("Ledger:NodeName", "test-" + Guid.NewGuid().ToString("N")[..6]);
        // the tests' providers answer at once
        for (var i = 0; i < 3; i++) builder.UseSetting($"Ledger:Gateway:Providers:{i}:SimulatedLatencyMs", "0");
        foreach (var (k, v) in Unlimited.Where(u => !given.ContainsKey(u.Key))) builder.UseSetting(k, v);
        foreach (var (k, v) in given.Where(g => g.Value is not null)) builder.UseSetting(k, v);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerAddress>());
        if (Clock is not null) builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Sets the connection's peer address before the gateway's own middleware (forwarded headers included) runs.</summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, then) =>
            {
                http.Connection.RemoteIpAddress = http.Request.Headers.TryGetValue(PeerHeader, out var peer)
                    ? IPAddress.Parse(peer.ToString()) : IPAddress.Loopback;
                return then(http);
            });
            next(app);
        };
    }
}
