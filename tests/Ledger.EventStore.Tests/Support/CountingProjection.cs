using Npgsql;

namespace Ledger.EventStore.Tests.Support;

/// <summary>
/// Records every event it applies (a primary key makes a second application fail loudly) and
/// keeps a per-stream count, the read model rebuild tests compare.
/// </summary>
public sealed class CountingProjection(string name, Func<RecordedEvent, bool>? failOn = null) : IAsyncProjection, IInlineProjection
{
    public static readonly Migration[] Migrations =
    [
        new(100, "counting_projection", """
            create table projection_applied (
                projection text   not null,
                event_id   uuid   not null,
                seq        bigint not null,
                tx_id      xid8   not null,
                applied    bigint generated always as identity,
                primary key (projection, event_id));
            create table stream_counts (
                projection text not null,
                stream_id  text not null,
                events     int  not null,
                primary key (projection, stream_id));
            """),
    ];

    public string Name { get; } = name;

    public async Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("delete from projection_applied where projection = $1") { Parameters = { new() { Value = Name } } },
                new("delete from stream_counts where projection = $1") { Parameters = { new() { Value = Name } } },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        if (events.FirstOrDefault(e => failOn?.Invoke(e) == true) is { } poison)
            throw new InvalidOperationException($"cannot project event {poison.Id}");

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("""
                    insert into projection_applied (projection, event_id, seq, tx_id)
                    select $1, u.id, u.seq, u.tx::text::xid8 from unnest($2::uuid[], $3::bigint[], $4::text[]) as u(id, seq, tx)
                    order by u.tx::text::xid8, u.seq
                    """)
                {
                    Parameters =
                    {
                        new() { Value = Name },
                        new() { Value = events.Select(e => e.Id).ToArray() },
                        new() { Value = events.Select(e => e.Seq).ToArray() },
                        new() { Value = events.Select(e => e.TxId.ToString()).ToArray() },
                    },
                },
                new("""
                    insert into stream_counts (projection, stream_id, events)
                    select $1, s, count(*) from unnest($2::text[]) as s group by s
                    on conflict (projection, stream_id) do update set events = stream_counts.events + excluded.events
                    """)
                {
                    Parameters = { new() { Value = Name }, new() { Value = events.Select(e => e.StreamId).ToArray() } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }
}
