using Ledger.Domain.Keys;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Ledger.Projections.Shared;
using Npgsql;

namespace Ledger.Projections.Activity;

/// <summary>
/// The activity feed. A batch is folded in memory (a request admitted and completed in the same
/// batch becomes one row) and written with one unnest upsert, so a rebuild costs a few statements
/// per thousand events.
/// </summary>
public sealed class ActivityProjection : IAsyncProjection
{
    public const string ProjectionName = "activity";

    public string Name => ProjectionName;

    /// <summary>Every table the read model keeps: what a reset empties.</summary>
    public static readonly IReadOnlyList<string> Tables = ["activity", "activity_keys"];

    public Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, "truncate " + string.Join(", ", Tables), ct);

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var keys = new Dictionary<Guid, (Guid OrgId, string Name, string? Prefix)>();
        var rows = new Dictionary<Guid, ActivityRow>();
        var opened = new HashSet<Guid>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case KeyMinted k:
                    keys[k.KeyId] = (k.OrgId, k.Name, k.Prefix);
                    break;
                case KeyUpdated u:
                    keys[u.KeyId] = (u.OrgId, u.Name, keys.TryGetValue(u.KeyId, out var minted) ? minted.Prefix : null);
                    break;
                case RequestAdmitted a:
                    rows[a.RequestId] = ActivityRow.Admitted(e.Seq, e.OccurredAt, a);
                    opened.Add(a.RequestId);
                    break;
                case RequestRejected r when (r.OrgId ?? e.OrgId) is Guid orgId:
                    rows[r.RequestId] = ActivityRow.Rejected(e.Seq, e.OccurredAt, orgId, r);
                    opened.Add(r.RequestId);
                    break;
                case RequestCompleted c:
                    rows[c.RequestId] = ActivityRow.Settle(rows.GetValueOrDefault(c.RequestId), e.Seq, c);
                    break;
                case ReservationExpired x:
                    rows[x.RequestId] = ActivityRow.Settle(rows.GetValueOrDefault(x.RequestId), e.Seq, x);
                    break;
            }
        }
        if (keys.Count > 0)
            await SaveKeysAsync(connection, transaction, keys, ct);
        // a request first seen in this batch is a new row: a plain insert, which is far cheaper than the
        // upsert (speculative insertion into the table and its six indexes) that settling an older row needs
        var (fresh, settledOnly) = (new List<ActivityRow>(rows.Count), new List<ActivityRow>());
        foreach (var row in rows.Values) (opened.Contains(row.RequestId) ? fresh : settledOnly).Add(row);
        if (fresh.Count > 0)
            await SaveRowsAsync(connection, transaction, fresh, upsert: false, ct);
        if (settledOnly.Count > 0)
            await SaveRowsAsync(connection, transaction, settledOnly, upsert: true, ct);
    }

    private static Task SaveKeysAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        Dictionary<Guid, (Guid OrgId, string Name, string? Prefix)> keys, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, tx, """
            insert into activity_keys (key_id, org_id, name, prefix)
            select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])
            on conflict (key_id) do update
               set name = excluded.name, prefix = coalesce(excluded.prefix, activity_keys.prefix)
            """, ct,
            keys.Keys.ToArray(), keys.Values.Select(k => k.OrgId).ToArray(),
            keys.Values.Select(k => k.Name).ToArray(), keys.Values.Select(k => k.Prefix).ToArray());

    private const string InsertRows = """
        insert into activity (request_id, seq, org_id, key_id, at, model, provider, status, code,
                              tokens_in, tokens_out, cost, currency, latency_ms)
        select * from unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::text[], $7::text[],
                             $8::int[], $9::text[], $10::int[], $11::int[], $12::numeric[], $13::text[], $14::float8[])
        """;

    /// <summary>With <paramref name="upsert"/>, a settlement whose admission was in an earlier batch updates only what settling tells.</summary>
    private static Task SaveRowsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<ActivityRow> rows, bool upsert, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, tx, upsert ? InsertRows + """
            on conflict (request_id) do update
               set provider = excluded.provider, status = excluded.status, code = excluded.code,
                   tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, cost = excluded.cost,
                   currency = excluded.currency, latency_ms = excluded.latency_ms
            """ : InsertRows, ct,
            rows.Select(r => r.RequestId).ToArray(), rows.Select(r => r.Seq).ToArray(), rows.Select(r => r.OrgId).ToArray(),
            rows.Select(r => r.KeyId).ToArray(), rows.Select(r => r.At).ToArray(), rows.Select(r => r.Model).ToArray(),
            rows.Select(r => r.Provider).ToArray(), rows.Select(r => r.Status).ToArray(), rows.Select(r => r.Code).ToArray(),
            rows.Select(r => r.TokensIn).ToArray(), rows.Select(r => r.TokensOut).ToArray(), rows.Select(r => r.Cost).ToArray(),
            rows.Select(r => r.Currency).ToArray(), rows.Select(r => r.LatencyMs).ToArray());
}
