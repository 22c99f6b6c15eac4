using Npgsql;

namespace Ledger.EventStore;

/// <summary>Appends and reads events in PostgreSQL. Thread-safe; one per process.</summary>
public sealed partial class EventStore(
    NpgsqlDataSource dataSource, EventTypeRegistry registry, IEnumerable<IInlineProjection> inlineProjections)
{
    private readonly IInlineProjection[] _inlineProjections = inlineProjections.ToArray();
    private readonly AppendNotifier _notifier = new(dataSource);

    public EventStore(NpgsqlDataSource dataSource, EventTypeRegistry registry) : this(dataSource, registry, []) { }

    public EventTypeRegistry Registry => registry;

    /// <summary>
    /// Wakes projection daemons now rather than at their next poll. Appends through this store
    /// do it themselves; call it after committing a transaction you passed to AppendAsync.
    /// </summary>
    public void NotifyAppended() => _notifier.Signal();

    /// <summary>Serialises and hashes events for a caller's own transaction; see <see cref="ChainedEvent"/>.</summary>
    public ChainedAppend Chain(IReadOnlyList<ChainedEvent> events) => new(events, registry);
}
