using Npgsql;

namespace Ledger.EventStore;

/// <summary>Who caused an event and why: every event carries it.</summary>
/// <param name="Actor">"key:{guid}", "operator", "system" or "mcp:{guid}".</param>
public sealed record EventMetadata(Guid CorrelationId, Guid? CausationId, string Actor)
{
    public static EventMetadata System(Guid? correlationId = null) => new(correlationId ?? Guid.NewGuid(), null, "system");
}

/// <summary>What a caller expects the stream's current version to be.</summary>
public readonly record struct ExpectedVersion(int Value)
{
    public static readonly ExpectedVersion Any = new(-1);
    public static readonly ExpectedVersion NoStream = new(0);
    public static ExpectedVersion Exactly(int version) =>
        version >= 1 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version));
    public override string ToString() => Value switch { -1 => "any", 0 => "no stream", var v => v.ToString() };
}

/// <summary>An event to append; the id makes a retried append idempotent.</summary>
public sealed record NewEvent(Guid Id, object Data)
{
    /// <summary>Each event with a fresh id.</summary>
    public static List<NewEvent> Each(IEnumerable<object> events) => events.Select(e => new NewEvent(Guid.NewGuid(), e)).ToList();
}

/// <summary>One stream's share of an append.</summary>
public sealed record StreamAppend(
    string StreamId,
    string StreamType,
    Guid? OrgId,
    ExpectedVersion Expected,
    IReadOnlyList<NewEvent> Events,
    EventMetadata Metadata,
    DateTimeOffset OccurredAt);

/// <summary>An event as stored.</summary>
public sealed record RecordedEvent(
    long Seq,
    Guid Id,
    string StreamId,
    int Version,
    string Type,
    object Data,
    EventMetadata Metadata,
    Guid? OrgId,
    DateTimeOffset OccurredAt,
    ulong TxId);

/// <param name="Version">The stream's version after the append.</param>
/// <param name="Events">The events as stored (for a retried append: the ones stored the first time).</param>
/// <param name="WasRetry">True when every event id was already stored, so nothing was appended.</param>
public sealed record AppendResult(string StreamId, int Version, IReadOnlyList<RecordedEvent> Events, bool WasRetry);

/// <summary>The stream was not at the expected version; retry against fresh state.</summary>
public sealed class ConcurrencyException(string streamId, ExpectedVersion expected, int actual)
    : Exception($"Stream '{streamId}' was expected at version {expected} but is at {actual}.")
{
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    public int Actual { get; } = actual;
}

/// <summary>A stored event type name that no CLR type is registered for.</summary>
public sealed class UnknownEventTypeException(string typeName, long seq)
    : Exception($"Event #{seq} has type '{typeName}', which no event class is registered for.")
{
    public string TypeName { get; } = typeName;
}

/// <summary>
/// Runs inside the append transaction: the read model it writes commits or rolls back with the events.
/// </summary>
public interface IInlineProjection
{
    Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct);
}

/// <summary>
/// A read model the daemon keeps up to date outside the append path. Apply and the checkpoint
/// commit in one transaction, so an event is applied exactly once.
/// </summary>
public interface IAsyncProjection
{
    /// <summary>Stable name: the checkpoint row and the advisory lock are keyed by it.</summary>
    string Name { get; }

    /// <summary>Empties the read model before a rebuild.</summary>
    Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);

    Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct);
}

/// <summary>A schema step: applied once, in version order, in its own transaction.</summary>
public sealed record Migration(int Version, string Name, string Sql);
