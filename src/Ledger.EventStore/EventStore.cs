using Ledger.Marten;
using Marten;
using Npgsql;

namespace Ledger.EventStore;

/// <summary>
/// Appends and reads the ledger's events in Marten's <c>mt_streams</c> / <c>mt_events</c>, chained
/// (<see cref="Ledger.Marten.Chain.EventChain"/>). Every write goes through <see cref="SetBasedAppend"/>,
/// whose rows Marten reads and projects like its own. Thread-safe; one per process.
/// </summary>
public sealed partial class EventStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IDocumentStore _marten;
    private readonly EventTypeRegistry _registry;
    private readonly IInlineProjection[] _inlineProjections;
    private readonly SetBasedAppend _writer;
    private readonly EventRows _rows;

    public EventStore(NpgsqlDataSource dataSource, IDocumentStore marten, EventTypeRegistry registry, IEnumerable<IInlineProjection> inlineProjections)
    {
        (_dataSource, _marten, _registry) = (dataSource, marten, registry);
        _inlineProjections = inlineProjections.ToArray();
        _writer = new SetBasedAppend(marten);
        _rows = new EventRows(registry, marten.Options.Serializer());
    }

    public EventStore(NpgsqlDataSource dataSource, IDocumentStore marten, EventTypeRegistry registry) : this(dataSource, marten, registry, []) { }

    public EventTypeRegistry Registry => _registry;

    /// <summary>The Marten store the events live in.</summary>
    public IDocumentStore Marten => _marten;

    /// <summary>Serialises and chains events for a caller's own transaction; see <see cref="ChainedEvent"/>.</summary>
    public ChainedAppend Chain(IReadOnlyList<ChainedEvent> events) => new(events, _writer);
}
