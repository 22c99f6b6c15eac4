using Ledger.Testing;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A test class that needs its own database and its own gateway nodes (a clock, settings, or
/// several nodes). Nodes made with <see cref="Node"/> are disposed with the database.
/// </summary>
public abstract class GatewayTest : IAsyncLifetime
{
    private readonly List<LedgerFactory> _nodes = [];

    protected TestDatabase Db { get; } = new();

    protected LedgerFactory Node(ManualClock? clock = null, IDictionary<string, string?>? settings = null)
    {
        var node = new LedgerFactory(Db.ConnectionString, clock, settings);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Creates the database; override to make the nodes, calling this first.</summary>
    public virtual Task InitializeAsync() => Db.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await Db.DisposeAsync();
    }
}
