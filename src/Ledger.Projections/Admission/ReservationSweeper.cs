using Ledger.Domain;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// Settles reservations whose completion never came (the node serving them died) at the reserved
/// amount, with their own event. Every node may sweep: the request stream's expected version makes
/// a settlement happen once, whoever gets there first — a late completion included.
/// </summary>
public sealed class ReservationSweeper(NpgsqlDataSource db, EventStore.EventStore store, TimeProvider clock)
{
    public async Task<int> SweepAsync(TimeSpan timeout, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = new List<ReservationExpired>();
        await using (var cmd = db.CreateCommand("""
            select request_id, key_id, org_id, model, admitted_at, reserved, currency
            from open_reservations where admitted_at < $1 order by admitted_at limit 500
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (now - timeout).ToUniversalTime() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                expired.Add(new ReservationExpired(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3),
                    r.GetFieldValue<DateTimeOffset>(4), r.GetDecimal(5), r.GetDecimal(5), r.GetString(6)));
        }
        var settled = 0;
        foreach (var e in expired)
        {
            try
            {
                await store.AppendAsync(new StreamAppend(Streams.Request(e.RequestId), Streams.RequestType, e.OrgId, ExpectedVersion.Exactly(1),
                    [new NewEvent(Guid.NewGuid(), e)], new EventMetadata(e.RequestId, e.RequestId, "system:sweeper"), now), ct);
                settled++;
            }
            catch (ConcurrencyException)
            {
                // its completion (or another node's sweeper) got there first
            }
        }
        return settled;
    }
}
