using Ledger.Domain.Requests;
using Ledger.EventStore;
using Ledger.Projections.Shared;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// Reservations admitted and not yet settled, kept by the daemon rather than by the request path:
/// most requests settle within the same batch of events, so they cost this table nothing at all.
/// The sweeper reads it; a reservation it sees that has in fact just settled is harmless, because
/// the sweeper's settlement then finds version 2 of the request stream taken.
/// </summary>
public sealed class ReservationProjection : IAsyncProjection
{
    public const string ProjectionName = "reservations";

    public string Name => ProjectionName;

    /// <summary>Every table the read model keeps: what a reset empties.</summary>
    public static readonly IReadOnlyList<string> Tables = ["open_reservations"];

    public Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, "truncate " + string.Join(", ", Tables), ct);

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var opened = new Dictionary<Guid, (RequestAdmitted Admitted, DateTimeOffset At)>();
        var settled = new List<Guid>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case RequestAdmitted a:
                    opened[a.RequestId] = (a, e.OccurredAt);
                    break;
                case RequestCompleted c when !opened.Remove(c.RequestId):
                    settled.Add(c.RequestId);
                    break;
                case ReservationExpired x when !opened.Remove(x.RequestId):
                    settled.Add(x.RequestId);
                    break;
            }
        }
        if (settled.Count > 0)
            await Sql.ExecuteAsync(connection, transaction, "delete from open_reservations where request_id = any($1)", ct, settled.ToArray());
        if (opened.Count == 0)
            return;
        var rows = opened.Values;
        await Sql.ExecuteAsync(connection, transaction, """
            insert into open_reservations (request_id, key_id, org_id, model, admitted_at, reserved, currency)
            select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::numeric[], $7::text[])
            """, ct,
            rows.Select(o => o.Admitted.RequestId).ToArray(), rows.Select(o => o.Admitted.KeyId).ToArray(),
            rows.Select(o => o.Admitted.OrgId).ToArray(), rows.Select(o => o.Admitted.Model).ToArray(),
            rows.Select(o => o.At.ToUniversalTime()).ToArray(), rows.Select(o => o.Admitted.Reserved).ToArray(),
            rows.Select(o => o.Admitted.Currency).ToArray());
    }
}
