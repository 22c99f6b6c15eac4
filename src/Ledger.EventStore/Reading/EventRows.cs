using Ledger.Marten.Chain;
using Marten;
using Npgsql;

namespace Ledger.EventStore;

/// <summary>Turns <c>mt_events</c> rows into <see cref="RecordedEvent"/>s; every reader selects <see cref="Columns"/>.</summary>
internal sealed class EventRows(EventTypeRegistry registry, ISerializer serializer)
{
    public const string Columns =
        $"seq_id, id, stream_id, version, type, data, correlation_id, causation_id, headers->>'{EventChain.ActorHeader}', headers->>'{EventChain.OrgHeader}', timestamp";

    public string NameOf(object data) => registry.NameOf(data.GetType());

    public async Task<List<RecordedEvent>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            events.Add(Read(reader));
        return events;
    }

    public RecordedEvent Read(NpgsqlDataReader reader)
    {
        var seq = reader.GetInt64(0);
        var type = reader.GetString(4);
        var data = serializer.FromJson(registry.TypeOf(type, seq), reader, 5);
        return new RecordedEvent(
            seq,
            reader.GetGuid(1),
            reader.GetString(2),
            checked((int)reader.GetInt64(3)),
            type,
            data,
            new EventMetadata(
                reader.IsDBNull(6) ? Guid.Empty : Guid.Parse(reader.GetString(6)),
                reader.IsDBNull(7) ? null : Guid.Parse(reader.GetString(7)),
                reader.IsDBNull(8) ? "" : reader.GetString(8)),
            reader.IsDBNull(9) ? null : Guid.Parse(reader.GetString(9)),
            reader.GetFieldValue<DateTimeOffset>(10),
            0);
    }
}
