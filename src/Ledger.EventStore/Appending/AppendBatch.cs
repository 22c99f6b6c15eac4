using Npgsql;

namespace Ledger.EventStore;

/// <summary>One ledger_append call per stream, all sent as one batch.</summary>
internal static class AppendBatch
{
    private const string Sql = "select * from ledger_append($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    public static async Task<IReadOnlyList<AppendResult>> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<StreamAppend> appends,
        EventTypeRegistry registry, CancellationToken ct)
    {
        if (appends.Count == 0)
            return [];

        // streams are locked in id order, so two multi-stream batches cannot deadlock on each other
        var order = Enumerable.Range(0, appends.Count).OrderBy(i => appends[i].StreamId, StringComparer.Ordinal).ToArray();
        var prepared = new PreparedAppend[appends.Count];
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var i in order)
        {
            prepared[i] = PreparedAppend.Create(appends[i], registry);
            batch.BatchCommands.Add(prepared[i].ToCommand(Sql));
        }

        var results = new AppendResult[appends.Count];
        // commands run in order: an error surfaces while moving to the failing command's result
        var current = 0;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (true)
            {
                var i = order[current];
                results[i] = await ReadResultAsync(reader, appends[i], prepared[i], registry, ct);
                if (current + 1 == order.Length)
                    break;
                current++;
                await reader.NextResultAsync(ct);
            }
        }
        catch (PostgresException e) when (ToConcurrency(e, appends[order[current]]) is { } concurrency)
        {
            throw concurrency;
        }
        return results;
    }

    private static async Task<AppendResult> ReadResultAsync(
        NpgsqlDataReader reader, StreamAppend append, PreparedAppend prepared, EventTypeRegistry registry, CancellationToken ct)
    {
        var events = new List<RecordedEvent>(append.Events.Count);
        var retry = false;
        while (await reader.ReadAsync(ct))
        {
            var seq = reader.GetInt64(0);
            var id = reader.GetGuid(1);
            var version = reader.GetInt32(2);
            var txId = reader.GetFieldValue<ulong>(3);
            retry = reader.GetBoolean(4);
            events.Add(retry
                ? new RecordedEvent(seq, id, append.StreamId, version, reader.GetString(5),
                    registry.Deserialize(reader.GetString(5), reader.GetFieldValue<byte[]>(6), seq),
                    MetadataJson.Deserialize(reader.GetFieldValue<byte[]>(7)),
                    append.OrgId, reader.GetFieldValue<DateTimeOffset>(8), txId)
                : prepared.Recorded(seq, id, version, txId));
        }
        events.Sort((a, b) => a.Version.CompareTo(b.Version));
        return new AppendResult(append.StreamId, events[^1].Version, events, retry);
    }

    private static ConcurrencyException? ToConcurrency(PostgresException e, StreamAppend append)
    {
        return e.SqlState switch
        {
            // DETAIL is redacted unless the connection string opts in, so the version ends the message
            "LD409" => new ConcurrencyException(append.StreamId, append.Expected,
                int.TryParse(e.MessageText.AsSpan(e.MessageText.LastIndexOf(' ') + 1), out var actual) ? actual : -1),
            // only reachable if the stream lock is bypassed; the actual version is unknown here
            PostgresErrorCodes.UniqueViolation when e.ConstraintName is "streams_pkey" or "events_stream_version_key" =>
                new ConcurrencyException(append.StreamId, append.Expected, -1),
            _ => null,
        };
    }
}
