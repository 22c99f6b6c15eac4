using Ledger.Testing;

namespace Ledger.Api.Tests.Support;

/// <summary>A test database and one gateway node over it, shared by a test class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();
    public LedgerFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Factory = new LedgerFactory(Database.ConnectionString);
        Client = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
