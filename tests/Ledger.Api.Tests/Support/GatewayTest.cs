using Alba;
using Microsoft.Extensions.DependencyInjection;
using Ledger.Testing;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A test class that needs its own database and its own gateway nodes (a clock, settings, or
/// several nodes). Nodes started with <see cref="NodeAsync"/> are disposed with the database.
/// </summary>
public abstract class GatewayTest : IAsyncLifetime
{
    private readonly List<IAlbaHost> _nodes = [];

    protected TestDatabase Db { get; } = new();

    protected async Task<IAlbaHost> NodeAsync(ManualClock? clock = null, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var node = await LedgerNode.StartAsync(Db.ConnectionString, clock, settings, services);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Creates the database; override to start the nodes, calling this first.</summary>
    public virtual Task InitializeAsync() => Db.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await Db.DisposeAsync();
    }
}
