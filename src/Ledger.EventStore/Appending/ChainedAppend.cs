using Npgsql;
using NpgsqlTypes;

namespace Ledger.EventStore;

/// <summary>
/// An event appended at a version the caller knows, after an event whose hash the caller knows: the
/// request path's shape. A request stream holds its admission or refusal (version 1) and then its
/// settlement (version 2), and nothing else, so it needs no stream row while it is open: the unique
/// (stream_id, version) index alone makes a second settlement fail. Its row in <c>streams</c> is
/// written when it closes (<see cref="Closes"/>), so verify can still tell a lost last event. A
/// stream is written either this way or through <c>ledger_append</c>, never both: one begun there
/// has a row already, and closing it here fails.
/// </summary>
public sealed record ChainedEvent(
    string StreamId, string StreamType, Guid? OrgId, int Version, byte[]? PrevHash,
    NewEvent Event, EventMetadata Metadata, DateTimeOffset OccurredAt, bool Closes);

/// <summary>
/// Chained events serialised and hashed, as commands for the caller's own batch and transaction
/// (the request path sends them with its admission rows and its COMMIT, in one round trip). Inline
/// projections do not run: the caller keeps its own rows.
/// </summary>
public sealed class ChainedAppend
{
    private const string InsertEvents = """
        insert into events (id, stream_id, version, type, data, metadata, org_id, occurred_at, hash, prev_hash)
        select * from unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::json[], $6::json[], $7::uuid[],
                             $8::timestamptz[], $9::bytea[], $10::bytea[])
        """;

    // a plain insert: a chained stream has no row until it closes, and closes once
    private const string CloseStreams = """
        insert into streams (id, type, version, org_id, last_hash)
        select * from unnest($1::text[], $2::text[], $3::int[], $4::uuid[], $5::bytea[])
        """;

    private readonly IReadOnlyList<ChainedEvent> _events;
    private readonly string[] _types;
    private readonly byte[][] _data, _metadata;
    private readonly DateTimeOffset[] _at;

    internal ChainedAppend(IReadOnlyList<ChainedEvent> events, EventTypeRegistry registry)
    {
        _events = events;
        var n = events.Count;
        (_types, _data, _metadata, _at) = (new string[n], new byte[n][], new byte[n][], new DateTimeOffset[n]);
        Hashes = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            var e = events[i];
            if (e.Version < 1 || (e.Version == 1) != (e.PrevHash is null))
                throw new ArgumentException($"Event for '{e.StreamId}' at version {e.Version} needs a previous hash exactly when it is not the first.", nameof(events));
            _types[i] = registry.NameOf(e.Event.Data.GetType());
            _data[i] = registry.SerializeToUtf8(e.Event.Data);
            _metadata[i] = MetadataJson.SerializeToUtf8(e.Metadata);
            _at[i] = PreparedAppend.AsStored(e.OccurredAt);
            Hashes[i] = EventHash.Compute(e.PrevHash, e.StreamId, e.Version, _types[i], _data[i], _metadata[i], _at[i]);
        }
    }

    /// <summary>Each event's hash, in the order given: the previous hash of whatever follows it in its stream.</summary>
    public byte[][] Hashes { get; }

    public IEnumerable<NpgsqlBatchCommand> Commands()
    {
        var n = _events.Count;
        if (n == 0) yield break;
        var (ids, streams, versions, orgs, prevs) = (new Guid[n], new string[n], new int[n], new Guid?[n], new byte[]?[n]);
        for (var i = 0; i < n; i++)
            (ids[i], streams[i], versions[i], orgs[i], prevs[i]) = (_events[i].Event.Id, _events[i].StreamId, _events[i].Version, _events[i].OrgId, _events[i].PrevHash);
        yield return new NpgsqlBatchCommand(InsertEvents)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]> { TypedValue = ids },
                new NpgsqlParameter<string[]> { TypedValue = streams },
                new NpgsqlParameter<int[]> { TypedValue = versions },
                new NpgsqlParameter<string[]> { TypedValue = _types },
                new NpgsqlParameter<byte[][]> { TypedValue = _data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json },
                new NpgsqlParameter<byte[][]> { TypedValue = _metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json },
                Uuids(orgs),
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = _at },
                new NpgsqlParameter<byte[][]> { TypedValue = Hashes },
                Bytes(prevs),
            },
        };

        var closing = Enumerable.Range(0, n).Where(i => _events[i].Closes).ToArray();
        if (closing.Length == 0) yield break;
        yield return new NpgsqlBatchCommand(CloseStreams)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = closing.Select(i => _events[i].StreamId).ToArray() },
                new NpgsqlParameter<string[]> { TypedValue = closing.Select(i => _events[i].StreamType).ToArray() },
                new NpgsqlParameter<int[]> { TypedValue = closing.Select(i => _events[i].Version).ToArray() },
                Uuids(closing.Select(i => _events[i].OrgId).ToArray()),
                new NpgsqlParameter<byte[][]> { TypedValue = closing.Select(i => Hashes[i]).ToArray() },
            },
        };
    }

    /// <summary>True when a failed chained append means some stream already had an event at that version.</summary>
    public static bool IsConflict(PostgresException e) =>
        e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "events_stream_version_key" or "events_id_key" or "streams_pkey" };

    private static NpgsqlParameter Uuids(Guid?[] values) =>
        new() { Value = values.Select(o => (object?)o ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };

    private static NpgsqlParameter Bytes(byte[]?[] values) =>
        new() { Value = values.Select(o => (object?)o ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };
}
