using Npgsql;
using NpgsqlTypes;

namespace Ledger.EventStore;

/// <summary>A <see cref="StreamAppend"/> serialised into ledger_append's array parameters.</summary>
internal sealed class PreparedAppend
{
    private readonly StreamAppend _append;
    private readonly Guid[] _ids;
    private readonly string[] _types;
    private readonly byte[][] _data;
    private readonly byte[][] _metadata;
    private readonly DateTimeOffset _occurredAt;
    private readonly Dictionary<Guid, int> _index;

    private PreparedAppend(StreamAppend append, EventTypeRegistry registry)
    {
        if (append.Events.Count == 0)
            throw new ArgumentException($"Append to '{append.StreamId}' has no events.", nameof(append));
        _append = append;
        var count = append.Events.Count;
        _ids = new Guid[count];
        _types = new string[count];
        _data = new byte[count][];
        _index = new Dictionary<Guid, int>(count);
        for (var i = 0; i < count; i++)
        {
            var e = append.Events[i];
            _ids[i] = e.Id;
            _types[i] = registry.NameOf(e.Data.GetType());
            _data[i] = registry.SerializeToUtf8(e.Data);
            if (!_index.TryAdd(e.Id, i))
                throw new ArgumentException($"Append to '{append.StreamId}' repeats event id {e.Id}.", nameof(append));
        }
        _metadata = Enumerable.Repeat(MetadataJson.SerializeToUtf8(append.Metadata), count).ToArray();
        _occurredAt = AsStored(append.OccurredAt);
    }

    /// <summary>The instant as PostgreSQL keeps it (UTC, whole microseconds), so a returned event equals the stored one.</summary>
    public static DateTimeOffset AsStored(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    public static PreparedAppend Create(StreamAppend append, EventTypeRegistry registry) => new(append, registry);

    public NpgsqlBatchCommand ToCommand(string sql) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter<string>{ TypedValue = _append.StreamId },
            new NpgsqlParameter<string>{ TypedValue = _append.StreamType },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)_append.OrgId ?? DBNull.Value },
            new NpgsqlParameter<int> { TypedValue = _append.Expected.Value },
            new NpgsqlParameter<Guid[]> { TypedValue = _ids },
            new NpgsqlParameter<string[]> { TypedValue = _types },
            new NpgsqlParameter<byte[][]> { TypedValue = _data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json },
            new NpgsqlParameter<byte[][]> { TypedValue = _metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = _occurredAt },
        },
    };

    public RecordedEvent Recorded(long seq, Guid id, int version, ulong txId) => new(
        seq, id, _append.StreamId, version, _types[_index[id]], _append.Events[_index[id]].Data,
        _append.Metadata, _append.OrgId, _occurredAt, txId);
}
