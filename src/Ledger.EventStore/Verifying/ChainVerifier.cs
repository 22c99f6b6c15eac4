using Ledger.Marten.Chain;
using Npgsql;

namespace Ledger.EventStore;

/// <param name="Seq">The event where the problem shows; null when the missing event was a stream's last.</param>
/// <param name="Kind">"altered" (the event's contents, or one before it in its stream, differ from what was
/// hashed) or "missing" (a version gap, or a lost last event).</param>
public sealed record ChainProblem(long? Seq, string StreamId, int Version, string Kind, string Message);

public sealed record ChainVerification(bool Ok, long EventsChecked, ChainProblem? FirstProblem);

/// <summary>
/// Recomputes every event's hash from its row in <c>mt_events</c> (the data as PostgreSQL prints it)
/// and checks each stream's chain and its version in <c>mt_streams</c>. The first problem is the one
/// with the lowest sequence number; a lost last event comes after every altered one.
/// </summary>
public sealed class ChainVerifier(NpgsqlDataSource dataSource)
{
    private const string Events = $"""
        select seq_id, stream_id, version, type, data::text, correlation_id, causation_id,
               headers->>'{EventChain.ActorHeader}', headers->>'{EventChain.OrgHeader}', headers->>'{EventChain.HashHeader}', timestamp
          from mt_events
         order by stream_id, version
        """;

    private const string Tails = """
        select s.id, s.version, coalesce(t.version, 0)
          from mt_streams s left join lateral (select max(e.version) as version from mt_events e where e.stream_id = s.id) t on true
         where s.version <> coalesce(t.version, 0)
         order by s.id
         limit 1
        """;

    public async Task<ChainVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // one snapshot for both reads, so an append between them is not a lost event
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        ChainProblem? first = null;
        var count = 0L;
        await using (var command = new NpgsqlCommand(Events, connection, transaction) { CommandTimeout = 0 })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            string? stream = null;
            var (version, hash) = (0L, (byte[]?)null);
            while (await reader.ReadAsync(ct))
            {
                count++;
                var (seq, streamId, v) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
                if (streamId != stream)
                    (stream, version, hash) = (streamId, 0, null);
                ChainProblem? problem = null;
                if (v != version + 1)
                    problem = new(seq, streamId, (int)version + 1, "missing", $"versions {version + 1} to {v - 1} are missing before this event");
                var stored = reader.IsDBNull(9) ? null : reader.GetString(9);
                var computed = EventChain.Hash(v == version + 1 ? hash : null, new ChainedFields(
                    streamId, v, reader.GetString(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? "" : reader.GetString(7), reader.IsDBNull(8) ? null : Guid.Parse(reader.GetString(8)),
                    reader.GetFieldValue<DateTimeOffset>(10)));
                if (problem is null && stored != Convert.ToBase64String(computed))
                    problem = new(seq, streamId, (int)v, "altered", "the stored hash does not match the event's contents, or an earlier event of its stream was altered");
                if (problem is not null && (first is null || first.Seq > seq))
                    first = problem;
                // a chain goes on from the hash as stored, so one altered event is reported once, not for all that follow
                (version, hash) = (v, stored is null ? computed : Convert.FromBase64String(stored));
            }
        }
        if (first is null)
        {
            await using var tails = new NpgsqlCommand(Tails, connection, transaction) { CommandTimeout = 0 };
            await using var reader = await tails.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                first = new ChainProblem(null, reader.GetString(0), (int)reader.GetInt64(2) + 1, "missing",
                    $"the stream is at version {reader.GetInt64(1)} but its last stored event is version {reader.GetInt64(2)}");
        }
        return new ChainVerification(first is null, count, first);
    }
}
