namespace Ledger.EventStore;

public sealed partial class EventStore
{
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, int fromVersion = 1, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"select {EventRows.Columns} from mt_events where stream_id = $1 and version >= $2 order by version");
        command.Parameters.Add(new() { Value = streamId });
        command.Parameters.Add(new() { Value = (long)fromVersion });
        return await _rows.ReadAllAsync(command, ct);
    }

    /// <summary>Events in sequence order, for tooling.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(long fromSeq, int batchSize, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"select {EventRows.Columns} from mt_events where seq_id >= $1 order by seq_id limit $2");
        command.Parameters.Add(new() { Value = fromSeq });
        command.Parameters.Add(new() { Value = batchSize });
        return await _rows.ReadAllAsync(command, ct);
    }

    /// <summary>
    /// One org's events that occurred at or before <paramref name="until"/>, in sequence order: the
    /// ledger as it stood then, for reports that must not read today's read models. Scans events
    /// (there is no org index, to keep appends cheap), so it is for tooling, not the hot path.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadOrgAsync(Guid orgId, DateTimeOffset until, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"select {EventRows.Columns} from mt_events where headers->>'org' = $1 and timestamp <= $2 order by seq_id");
        command.Parameters.Add(new() { Value = orgId.ToString() });
        command.Parameters.Add(new() { Value = until.ToUniversalTime() });
        return await _rows.ReadAllAsync(command, ct);
    }
}
