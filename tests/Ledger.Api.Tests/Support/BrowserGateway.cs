using Ledger.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A gateway on a real Kestrel port (a browser cannot reach the in-memory test server), its
/// database, and one headless Chromium, shared by a test class. Alba hosts only on the test server,
/// so this node is a WebApplicationFactory on Kestrel, configured as <see cref="LedgerNode"/> configures one.
/// </summary>
public sealed class BrowserGateway : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;
    private KestrelNode _node = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _node = new KestrelNode(Database.ConnectionString);
        _node.UseKestrel(0);
        _node.StartServer();
        var addresses = _node.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Client.Dispose();
        await _node.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class KestrelNode(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (k, v) in LedgerNode.Settings(connectionString)) builder.UseSetting(k, v);
            LedgerNode.Configure(builder, clock: null);
        }
    }
}
