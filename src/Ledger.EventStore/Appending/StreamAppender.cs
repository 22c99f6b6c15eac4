using Ledger.Marten;
using Ledger.Marten.Chain;
using Npgsql;

namespace Ledger.EventStore;

/// <summary>
/// Appends to whole streams at an expected version inside a transaction: each stream is locked (its
/// <c>mt_streams</c> row, in id order, so two multi-stream appends cannot deadlock), its version and
/// last hash read, a retry recognised by its event ids, then every stream's events written by
/// <see cref="SetBasedAppend"/> in one statement.
/// </summary>
internal sealed class StreamAppender(SetBasedAppend writer, EventRows rows)
{
    // the stream's advisory lock first: it exists before the stream does, so two first appends to one
    // stream (a retried signup, say) queue up and the second finds the first's events, not a key
    // violation; then the row, locked for the request path's sake
    private const string Lock = "select pg_advisory_xact_lock(hashtextextended($1, 20261202))";

    private const string Head = """
        select s.version, e.headers->>'hash'
          from mt_streams s left join mt_events e on e.stream_id = s.id and e.version = s.version
         where s.id = $1
           for update of s
        """;

    public async Task<IReadOnlyList<AppendResult>> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StreamAppend> appends, CancellationToken ct)
    {
        if (appends.Count == 0)
            return [];
        foreach (var append in appends)
        {
            if (append.Events.Count == 0)
                throw new ArgumentException($"Append to '{append.StreamId}' has no events.", nameof(appends));
            if (append.Events.Select(e => e.Id).Distinct().Count() != append.Events.Count)
                throw new ArgumentException($"Append to '{append.StreamId}' repeats an event id.", nameof(appends));
        }
        if (appends.Select(a => a.StreamId).Distinct(StringComparer.Ordinal).Count() != appends.Count)
            throw new ArgumentException("An append names a stream twice: give each stream's events in one StreamAppend.", nameof(appends));

        var order = Enumerable.Range(0, appends.Count).OrderBy(i => appends[i].StreamId, StringComparer.Ordinal).ToArray();
        var heads = await HeadsAsync(connection, transaction, appends, order, ct);
        var stored = await StoredAsync(connection, transaction, appends.SelectMany(a => a.Events.Select(e => e.Id)).ToArray(), ct);

        var results = new AppendResult?[appends.Count];
        var toWrite = new List<EventRow>();
        var written = new List<(int Append, List<EventRow> Rows)>();
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i];
            var (version, lastHash) = heads[i];
            var mine = append.Events.Where(e => stored.ContainsKey(e.Id)).Select(e => stored[e.Id]).ToList();
            if (mine.Count > 0)
            {
                if (mine.Count != append.Events.Count || mine.Any(e => e.StreamId != append.StreamId))
                    throw new InvalidOperationException(
                        $"Append to {append.StreamId} repeats {mine.Count} of its {append.Events.Count} event ids; a retry must repeat all of them.");
                mine.Sort((a, b) => a.Version.CompareTo(b.Version));
                results[i] = new AppendResult(append.StreamId, mine[^1].Version, mine, WasRetry: true);
                continue;
            }
            var expected = append.Expected.Value;
            if ((expected == 0 && version != 0) || (expected > 0 && version != expected))
                throw new ConcurrencyException(append.StreamId, append.Expected, version);

            var at = EventChain.AsStored(append.OccurredAt);
            var streamRows = append.Events.Select((e, n) => new EventRow(
                append.StreamId, version + n + 1, e.Id, e.Data, at, append.Metadata.Actor, append.OrgId,
                append.Metadata.CorrelationId.ToString(), append.Metadata.CausationId?.ToString(),
                PreviousHash: n == 0 && version > 0 ? Convert.FromBase64String(lastHash!) : null)).ToList();
            toWrite.AddRange(streamRows);
            written.Add((i, streamRows));
        }

        if (toWrite.Count > 0)
        {
            try { await writer.AppendAsync(transaction, toWrite, ct); }
            catch (PostgresException e) when (ChainedAppend.IsConflict(e))
            {
                // only a stream the request path created since it was read gets here: the others are locked
                var first = written.First(w => heads[w.Append].Version == 0).Append;
                throw new ConcurrencyException(appends[first].StreamId, appends[first].Expected, -1);
            }
            var sequences = await SequencesAsync(connection, transaction, toWrite.Select(r => r.Id).ToArray(), ct);
            foreach (var (i, streamRows) in written)
            {
                var append = appends[i];
                var events = streamRows.Select(r => new RecordedEvent(sequences[r.Id], r.Id, r.StreamKey, (int)r.Version,
                    rows.NameOf(r.Data), r.Data, append.Metadata, append.OrgId, r.Timestamp, 0)).ToList();
                results[i] = new AppendResult(append.StreamId, events[^1].Version, events, WasRetry: false);
            }
        }
        return results.Select(r => r!).ToList();
    }

    private static async Task<(int Version, string? Hash)[]> HeadsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StreamAppend> appends, int[] order, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var i in order)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Lock) { Parameters = { new() { Value = appends[i].StreamId } } });
        foreach (var i in order)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Head) { Parameters = { new() { Value = appends[i].StreamId } } });
        var heads = new (int, string?)[appends.Count];
        await using var reader = await batch.ExecuteReaderAsync(ct);
        foreach (var _ in order)
            await reader.NextResultAsync(ct);
        foreach (var i in order)
        {
            heads[i] = await reader.ReadAsync(ct) ? (checked((int)reader.GetInt64(0)), reader.IsDBNull(1) ? null : reader.GetString(1)) : (0, null);
            await reader.NextResultAsync(ct);
        }
        return heads;
    }

    private async Task<Dictionary<Guid, RecordedEvent>> StoredAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select {EventRows.Columns} from mt_events where id = any($1)", connection, transaction);
        command.Parameters.Add(new() { Value = ids });
        return (await rows.ReadAllAsync(command, ct)).ToDictionary(e => e.Id);
    }

    private static async Task<Dictionary<Guid, long>> SequencesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select id, seq_id from mt_events where id = any($1)", connection, transaction);
        command.Parameters.Add(new() { Value = ids });
        var sequences = new Dictionary<Guid, long>(ids.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            sequences[reader.GetGuid(0)] = reader.GetInt64(1);
        return sequences;
    }
}
