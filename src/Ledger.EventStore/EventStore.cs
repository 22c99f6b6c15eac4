using Npgsql;

namespace Ledger.EventStore;

/// <summary>Appends and reads events in PostgreSQL. Thread-safe; one per process.</summary>
public sealed partial class EventStore(
    NpgsqlDataSource dataSource, EventTypeRegistry registry, IEnumerable<IInlineProjection> inlineProjections)
{
    private readonly IInlineProjection[] _inlineProjections = inlineProjections.ToArray();

    public EventStore(NpgsqlDataSource dataSource, EventTypeRegistry registry) : this(dataSource, registry, []) { }

    public EventTypeRegistry Registry => registry;
}
