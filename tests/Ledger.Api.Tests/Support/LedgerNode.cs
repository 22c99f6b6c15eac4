using System.Net;
using Alba;
using Ledger.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// One gateway node over a test database, on an Alba host (the gateway's own Program on the
/// in-memory test server). Several nodes over the same database are several gateway nodes: they
/// share nothing but PostgreSQL, like production.
/// </summary>
public static class LedgerNode
{
    public const string OperatorToken = "test-operator-token";

    /// <summary>The test server has no network peer: a request names the address it comes from in this header (loopback without it).</summary>
    public const string PeerHeader = "X-Test-Peer";

    // tests sign up many orgs from the one test address: the per-address limits get their own tests
    private static readonly Dictionary<string, string> Unlimited = new()
    {
        ["Ledger:SignupsPerIpPerHour"] = "1000000",
        ["Ledger:PromoClaimsPerIpPerHour"] = "1000000",
    };

    /// <param name="settings">Configuration for this node; a key set to null is left unset (the code's default applies).</param>
    /// <param name="services">The test's own registrations, after the gateway's (an exporter that records spans).</param>
    public static Task<IAlbaHost> StartAsync(string connectionString, ManualClock? clock = null, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        AlbaHost.For<Program>(web => Configure(web, clock, services), ConfigurationOverride.Create(Settings(connectionString, settings)));

    /// <summary>The node's configuration: the test database and token, providers that answer at once, the limits lifted, then the test's own.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, IDictionary<string, string?>? given = null)
    {
        given ??= new Dictionary<string, string?>();
        var settings = new Dictionary<string, string?>
        {
            ["Ledger:Db"] = connectionString,
            ["Ledger:OperatorToken"] = OperatorToken,
            ["Ledger:NodeName"] = "test-" + Guid.NewGuid().ToString("N")[..6],
        };
        for (var i = 0; i < 3; i++) settings[$"Ledger:Gateway:Providers:{i}:SimulatedLatencyMs"] = "0";
        foreach (var (k, v) in Unlimited.Where(u => !given.ContainsKey(u.Key))) settings[k] = v;
        // an override reaches the program as a command-line argument, where null would read as "": leave it out
        foreach (var (k, v) in given.Where(g => g.Value is not null)) settings[k] = v;
        return settings;
    }

    /// <summary>The test environment, the peer address of <see cref="PeerHeader"/>, and the test's clock when it has one.</summary>
    public static void Configure(IWebHostBuilder web, ManualClock? clock, Action<IServiceCollection>? more = null)
    {
        web.UseEnvironment("Testing");
        web.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, PeerAddress>();
            if (clock is not null) services.AddSingleton<TimeProvider>(clock);
            more?.Invoke(services);
        });
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
