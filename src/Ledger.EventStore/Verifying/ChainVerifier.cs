using Npgsql;

namespace Ledger.EventStore;

/// <param name="Seq">The event where the problem shows; null when the missing event was a stream's last.</param>
/// <param name="Kind">"altered" (contents differ from the hash), "missing" (a version gap or a lost last
/// event) or "broken_link" (prev_hash is not the previous event's hash).</param>
public sealed record ChainProblem(long? Seq, string StreamId, int Version, string Kind, string Message);

public sealed record ChainVerification(bool Ok, long EventsChecked, ChainProblem? FirstProblem);

/// <summary>Recomputes every event's hash in SQL and checks each stream's chain and version count.</summary>
public sealed class ChainVerifier(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        with chain as (
            select seq, stream_id, version, hash, prev_hash,
                   ledger_event_hash(prev_hash, stream_id, version, type, data, metadata, occurred_at) as recomputed,
                   lag(hash) over w as previous_hash,
                   coalesce(lag(version) over w, 0) as previous_version
              from events
            window w as (partition by stream_id order by version)
        ),
        tails as (
            select distinct on (stream_id) stream_id, version, hash from events order by stream_id, version desc
        ),
        problems as (
            select seq, stream_id, previous_version + 1 as version, 1 as rank, 'missing' as kind,
                   format('versions %s to %s are missing before this event', previous_version + 1, version - 1) as message
              from chain where version <> previous_version + 1
            union all
            select seq, stream_id, version, 2, 'altered', 'the stored hash does not match the event''s contents'
              from chain where hash is distinct from recomputed
            union all
            select seq, stream_id, version, 3, 'broken_link', 'prev_hash is not the previous event''s hash'
              from chain where prev_hash is distinct from previous_hash
            union all
            select null, s.id, coalesce(t.version, 0) + 1, 4, 'missing',
                   format('the stream is at version %s but its last stored event is version %s', s.version, coalesce(t.version, 0))
              from streams s left join tails t on t.stream_id = s.id
             where s.version <> coalesce(t.version, 0) or s.last_hash is distinct from t.hash
        )
        select (select count(*) from events), p.seq, p.stream_id, p.version, p.kind, p.message
          from (select 1) one
          left join lateral (select * from problems order by seq nulls last, rank, stream_id limit 1) p on true
        """;

    public async Task<ChainVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var checkedCount = reader.GetInt64(0);
        if (reader.IsDBNull(2))
            return new ChainVerification(true, checkedCount, null);
        return new ChainVerification(false, checkedCount, new ChainProblem(
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.GetString(2),
            reader.GetInt32(3),
            reader.GetString(4),
            reader.GetString(5)));
    }
}
