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

    /// <summary>
    /// One org's events that occurred at or before <paramref name="until"/>, in commit order: the
    /// ledger as it stood then, for reports that must not read today's read models. Scans events
    /// (there is no org index, to keep appends cheap), so it is for tooling, not the hot path.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadOrgAsync(Guid orgId, DateTimeOffset until, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"select {EventRows.Columns} from events where org_id = $1 and occurred_at <= $2 order by tx_id, seq");
        command.Parameters.Add(new() { Value = orgId });
        command.Parameters.Add(new() { Value = until.ToUniversalTime() });
        return await EventRows.ReadAllAsync(command, registry, ct);
    }
}
