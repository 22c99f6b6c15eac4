namespace Ledger.EventStore;

public sealed partial class EventStore
{
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, int fromVersion = 1, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"select {EventRows.Columns} from events where stream_id = $1 and version >= $2 order by version");
        command.Parameters.Add(new() { Value = streamId });
        command.Parameters.Add(new() { Value = fromVersion });
        return await EventRows.ReadAllAsync(command, registry, ct);
    }

    /// <summary>
    /// Events in seq order, for tooling. Seq order is not commit order: consumers that must not
    /// miss events use the projection daemon, which reads by transaction id.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(long fromSeq, int batchSize, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"select {EventRows.Columns} from events where seq >= $1 order by seq limit $2");
        command.Parameters.Add(new() { Value = fromSeq });
        command.Parameters.Add(new() { Value = batchSize });
        return await EventRows.ReadAllAsync(command, registry, ct);
    }
}
