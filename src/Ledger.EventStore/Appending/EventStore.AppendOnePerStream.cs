using Npgsql;
using NpgsqlTypes;

namespace Ledger.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Appends one event to each of many streams inside the caller's transaction, in one set-based
    /// call (the request path's shape). Every append must hold exactly one event and expect "no
    /// stream" or an exact version. If any stream has moved, the call throws
    /// <see cref="ConcurrencyException"/> and the transaction is aborted: retry the appends one by one.
    /// Returns the stored events in the order given.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> AppendOnePerStreamAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StreamAppend> appends,
        bool runInlineProjections, CancellationToken ct = default)
    {
        if (appends.Count == 0) return [];
        var n = appends.Count;
        var (command, ids, types, at) = Prepare(appends);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { command } };
        var recorded = new RecordedEvent[n];
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var i = reader.GetInt32(0) - 1;
                var a = appends[i];
                recorded[i] = new RecordedEvent(reader.GetInt64(1), ids[i], a.StreamId, reader.GetInt32(2), types[i], a.Events[0].Data,
                    a.Metadata, a.OrgId, at[i], reader.GetFieldValue<ulong>(3));
            }
        }
        catch (PostgresException e) when (IsOnePerStreamConflict(e))
        {
            throw new ConcurrencyException($"{n} streams from {appends[0].StreamId}", ExpectedVersion.Any, -1);
        }

        if (runInlineProjections)
            foreach (var projection in _inlineProjections)
                await projection.ApplyAsync(connection, transaction, recorded, ct);
        return recorded;
    }

    /// <summary>
    /// The same append as a command to send in the caller's own batch (with its other writes and its
    /// COMMIT), for a caller that needs neither the stored rows nor inline projections.
    /// </summary>
    public NpgsqlBatchCommand OnePerStreamCommand(IReadOnlyList<StreamAppend> appends) => Prepare(appends).Command;

    private (NpgsqlBatchCommand Command, Guid[] Ids, string[] Types, DateTimeOffset[] At) Prepare(IReadOnlyList<StreamAppend> appends)
    {
        var n = appends.Count;
        var (streams, streamTypes, orgs, expected) = (new string[n], new string[n], new Guid?[n], new int[n]);
        var (ids, types, data, metadata, at) = (new Guid[n], new string[n], new string[n], new string[n], new DateTimeOffset[n]);
        for (var i = 0; i < n; i++)
        {
            var a = appends[i];
            if (a.Events.Count != 1 || a.Expected.Value < 0)
                throw new ArgumentException($"Append to '{a.StreamId}' must hold one event and an exact expected version.", nameof(appends));
            (streams[i], streamTypes[i], orgs[i], expected[i]) = (a.StreamId, a.StreamType, a.OrgId, a.Expected.Value);
            ids[i] = a.Events[0].Id;
            types[i] = registry.NameOf(a.Events[0].Data.GetType());
            data[i] = registry.Serialize(a.Events[0].Data);
            metadata[i] = MetadataJson.Serialize(a.Metadata);
            at[i] = PreparedAppend.AsStored(a.OccurredAt);
        }
        var command = new NpgsqlBatchCommand("select * from ledger_append_one_per_stream($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = streams },
                new NpgsqlParameter<string[]> { TypedValue = streamTypes },
                new NpgsqlParameter { Value = orgs.Select(o => (object?)o ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new NpgsqlParameter<int[]> { TypedValue = expected },
                new NpgsqlParameter<Guid[]> { TypedValue = ids },
                new NpgsqlParameter<string[]> { TypedValue = types },
                new NpgsqlParameter<string[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<string[]> { TypedValue = metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = at },
            },
        };
        return (command, ids, types, at);
    }

    /// <summary>True when a failed one-per-stream append means some stream had moved.</summary>
    public static bool IsOnePerStreamConflict(PostgresException e) =>
        e.SqlState == "LD409" || e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "events_stream_version_key" };

}
