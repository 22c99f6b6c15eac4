using Npgsql;

namespace Ledger.EventStore.Migrating;

/// <summary>
/// The verifier of the store before Marten (branch main's ChainVerifier, unchanged SQL): recomputes
/// every hash in the old <c>events</c> table with the database's own <c>ledger_event_hash</c>.
/// </summary>
internal static class LegacyChainVerifier
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

    public static async Task<ChainVerification> VerifyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Sql, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var count = reader.GetInt64(0);
        if (reader.IsDBNull(2))
            return new ChainVerification(true, count, null);
        return new ChainVerification(false, count, new ChainProblem(
            reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5)));
    }
}
