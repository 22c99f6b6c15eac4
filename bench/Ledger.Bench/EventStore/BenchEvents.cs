using Npgsql;
using Ledger.EventStore;

namespace Ledger.Bench.EventStore;

internal sealed record Deposited(Guid AccountId, decimal Amount, string Currency);

/// <summary>Counts events per stream: a cheap set-based projection, so rebuild measures the store.</summary>
internal sealed class StreamCountProjection : IAsyncProjection
{
    public const string Schema = """
        create table bench_counts (stream_id text primary key, events int not null);
        create table raw_events (
            seq bigint generated always as identity primary key, id uuid not null unique, stream_id text not null,
            version int not null, type text not null, data jsonb not null, metadata jsonb not null, org_id uuid null,
            occurred_at timestamptz not null, tx_id xid8 not null default pg_current_xact_id(),
            hash bytea not null, prev_hash bytea null, unique (stream_id, version));
        create index on raw_events (tx_id, seq);
        """;

    public string Name => "bench-counts";

    public async Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("truncate bench_counts", connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            insert into bench_counts (stream_id, events)
            select s, count(*) from unnest($1::text[]) s group by s
            on conflict (stream_id) do update set events = bench_counts.events + excluded.events
            """, connection, transaction);
        command.Parameters.Add(new() { Value = events.Select(e => e.StreamId).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }
}
