using Npgsql;

namespace Ledger.EventStore;

/// <summary>Turns events rows into <see cref="RecordedEvent"/>s; every reader selects <see cref="Columns"/>.</summary>
internal static class EventRows
{
    // data and metadata come as their UTF-8 bytes, which the deserialiser reads without a string in between
    public const string Columns = "seq, id, stream_id, version, type, data, metadata, org_id, occurred_at, tx_id";

    public static async Task<List<RecordedEvent>> ReadAllAsync(NpgsqlCommand command, EventTypeRegistry registry, CancellationToken ct)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            events.Add(Read(reader, registry));
        return events;
    }

    private static RecordedEvent Read(NpgsqlDataReader reader, EventTypeRegistry registry)
    {
        var seq = reader.GetInt64(0);
        var type = reader.GetString(4);
        return new RecordedEvent(
            seq,
            reader.GetGuid(1),
            reader.GetString(2),
            reader.GetInt32(3),
            type,
            registry.Deserialize(type, reader.GetFieldValue<byte[]>(5), seq),
            MetadataJson.Deserialize(reader.GetFieldValue<byte[]>(6)),
            reader.IsDBNull(7) ? null : reader.GetGuid(7),
            reader.GetFieldValue<DateTimeOffset>(8),
            reader.GetFieldValue<ulong>(9));
    }
}
