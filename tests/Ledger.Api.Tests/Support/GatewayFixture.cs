using Alba;
using Ledger.Testing;

namespace Ledger.Api.Tests.Support;

/// <summary>A test database and one gateway node over it, shared by a test class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();
    public IAlbaHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Host = await LedgerNode.StartAsync(Database.ConnectionString);
        Client = Host.Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
