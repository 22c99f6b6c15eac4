using Ledger.Marten;
using Npgsql;

namespace Ledger.EventStore;

/// <summary>
/// An event appended at a version the caller knows, after an event whose hash the caller knows: the
/// request path's shape. A request stream holds its admission or refusal (version 1) and then its
/// settlement (version 2), and nothing else; <c>mt_events</c>' unique (stream_id, version) index
/// makes a second settlement fail.
/// </summary>
public sealed record ChainedEvent(
    string StreamId, Guid? OrgId, int Version, byte[]? PrevHash,
    NewEvent Event, EventMetadata Metadata, DateTimeOffset OccurredAt);

/// <summary>
/// Chained events serialised and hashed, as one command for the caller's own batch and transaction
/// (the request path sends it with its admission rows and its COMMIT, in one round trip). Inline
/// projections do not run: the caller keeps its own rows.
/// </summary>
public sealed class ChainedAppend
{
    private readonly PreparedRows? _rows;

    internal ChainedAppend(IReadOnlyList<ChainedEvent> events, SetBasedAppend writer)
    {
        if (events.Count == 0)
        {
            Hashes = [];
            return;
        }
        // two settlements of one request in a batch (its completion and a sweeper): the second loses, as
        // it would on the unique index, and the writer writes each on its own to tell which
        var seen = new HashSet<(string, int)>();
        if (events.FirstOrDefault(e => !seen.Add((e.StreamId, e.Version))) is { } twice)
            throw new ConcurrencyException(twice.StreamId, ExpectedVersion.Exactly(twice.Version - 1), twice.Version);
        _rows = writer.Prepare(events.Select(e => new EventRow(
            e.StreamId, e.Version, e.Event.Id, e.Event.Data, e.OccurredAt, e.Metadata.Actor, e.OrgId,
            e.Metadata.CorrelationId.ToString(), e.Metadata.CausationId?.ToString(), e.PrevHash)).ToList());
        Hashes = _rows.Hashes;
    }

    /// <summary>Each event's hash, in the order given: the previous hash of whatever follows it in its stream.</summary>
    public byte[][] Hashes { get; }

    public IEnumerable<NpgsqlBatchCommand> Commands()
    {
        if (_rows is not null) yield return _rows.Command;
    }

    /// <summary>True when a failed append means some stream already had an event at that version, or was not where the writer expected it.</summary>
    public static bool IsConflict(PostgresException e) =>
        e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_mt_events_stream_and_version" or "pkey_mt_streams_id" or "mt_events_id_key" }
        || (e.SqlState == PostgresErrorCodes.InvalidTextRepresentation && e.MessageText.Contains("set-based append:", StringComparison.Ordinal));
}
