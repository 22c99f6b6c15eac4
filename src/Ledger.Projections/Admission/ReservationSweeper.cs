using Ledger.Domain;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// Settles reservations whose completion never came (the node serving them died) at the reserved
/// amount, with their own event, through the same writer as completions. Every node may sweep: the
/// request stream's version 2 can be taken once, whoever gets there first — a late completion included.
/// </summary>
public sealed class ReservationSweeper(NpgsqlDataSource db, RequestLedger ledger, TimeProvider clock)
{
    public async Task<int> SweepAsync(TimeSpan timeout, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = new List<(ReservationExpired Event, byte[] AdmissionHash)>();
        // open_reservations is a read model and may trail the ledger: a reservation settled since
        // is still listed, and its settlement below then finds version 2 taken
        await using (var cmd = db.CreateCommand("""
            select r.request_id, r.key_id, r.org_id, r.model, r.admitted_at, r.reserved, r.currency, decode(e.headers->>'hash', 'base64')
            from open_reservations r join mt_events e on e.stream_id = 'req-' || r.request_id and e.version = 1
            where r.admitted_at < $1 order by r.admitted_at limit 500
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (now - timeout).ToUniversalTime() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                expired.Add((new ReservationExpired(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3),
                    r.GetFieldValue<DateTimeOffset>(4), r.GetDecimal(5), r.GetDecimal(5), r.GetString(6)), r.GetFieldValue<byte[]>(7)));
        }
        var settled = await Task.WhenAll(expired.Select(async x =>
        {
            try
            {
                await ledger.SettleAsync(x.Event.RequestId, x.Event.OrgId, x.Event.KeyId, x.AdmissionHash, x.Event, "system:sweeper", now);
                return 1;
            }
            catch (ConcurrencyException)
            {
                return 0;   // its completion (or another node's sweeper) got there first
            }
        }));
        return settled.Sum();
    }
}
