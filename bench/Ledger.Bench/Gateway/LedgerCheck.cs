using System.CommandLine;
using Ledger.EventStore;
using Ledger.Projections;
using Ledger.Projections.Admission;
using Npgsql;

namespace Ledger.Bench.Gateway;

/// <summary>
/// `ledger-check`: after a run, what the ledger holds against what the client saw. Exit code 0 only
/// when every check passes: exactly one RequestCompleted(200) per 200 the drivers counted (or at least
/// as many with --at-least, for runs where a client lost answers in a crash), every admission settled
/// exactly once (or still open when --allow-open), the hash chain verifies, and every org's admission
/// row equals the sum of its events.
/// </summary>
internal static class LedgerCheck
{
    public static Command Command()
    {
        var db = new Option<string>("--db") { Description = "Connection string of the ledger database", Required = true };
        var expectOk = new Option<long?>("--expect-ok") { Description = "200s the load drivers counted" };
        var atLeast = new Option<bool>("--at-least") { Description = "Only require completions(200) >= --expect-ok" };
        var allowOpen = new Option<bool>("--allow-open") { Description = "Open reservations are not a failure (sweeper not due yet)" };
        var ids = new Option<string?>("--ids") { Description = "File of request ids the clients got a 200 for (load --ids-out): each must have its RequestCompleted(200)" };
        var command = new Command("ledger-check", "Check the ledger against the load drivers' counts") { db, expectOk, atLeast, allowOpen, ids };
        command.SetAction(async (r, ct) =>
            await RunAsync(r.GetValue(db)!, r.GetValue(expectOk), r.GetValue(atLeast), r.GetValue(allowOpen), ct, r.GetValue(ids)) ? 0 : 1);
        return command;
    }

    public static async Task<bool> RunAsync(string connection, long? expectOk, bool atLeast, bool allowOpen, CancellationToken ct, string? idsFile = null)
    {
        await using var ds = NpgsqlDataSource.Create(connection);
        async Task<long> Scalar(string sql)
        {
            await using var cmd = ds.CreateCommand(sql);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
        }
        var ok = true;
        void Check(string what, bool pass, string detail)
        {
            ok &= pass;
            Console.WriteLine($"  [{(pass ? "ok" : "FAIL")}] {what}: {detail}");
        }

        var admitted = await Scalar("select count(*) from ledger_events where type = 'V1.RequestAdmitted'");
        var rejected = await Scalar("select count(*) from ledger_events where type = 'V1.RequestRejected'");
        var completed = await Scalar("select count(*) from ledger_events where type = 'V1.RequestCompleted'");
        var completed200 = await Scalar("select count(*) from ledger_events where type = 'V1.RequestCompleted' and (data->>'status')::int = 200");
        var expired = await Scalar("select count(*) from ledger_events where type = 'V1.ReservationExpired'");
        // open_reservations is a read model: compare it once the daemon has applied every event
        var last = await Scalar("select coalesce(max(seq), 0) from ledger_events");
        for (var waited = 0; await LedgerProjections.PositionAsync(ds, ReservationProjection.ProjectionName, ct) < last && waited < 300; waited++)
            await Task.Delay(100, ct);
        var open = await Scalar("select count(*) from open_reservations");
        var unsettled = await Scalar("""
            select count(*) from ledger_events a where a.type = 'V1.RequestAdmitted'
              and not exists (select 1 from ledger_events s where s.stream_id = a.stream_id and s.version = 2)
            """);
        var doubly = await Scalar("select count(*) from ledger_events where stream_id like 'req-%' and version > 2");
        Console.WriteLine($"ledger: {admitted:N0} admitted, {rejected:N0} rejected, {completed:N0} completed ({completed200:N0} with 200), " +
                          $"{expired:N0} expired by the sweeper, {open:N0} reservations open");
        if (expectOk is { } want)
            Check("RequestCompleted(200) per 200 the client counted", atLeast ? completed200 >= want : completed200 == want,
                $"{completed200:N0} in the ledger, {want:N0} counted by the drivers" + (atLeast ? " (at least)" : " (exactly)"));
        if (idsFile is not null)
        {
            var answered = File.ReadAllLines(idsFile).Where(l => l.Length > 0).Select(Guid.Parse).ToArray();
            await using var cmd = ds.CreateCommand("""
                select u.id from unnest($1::uuid[]) as u(id)
                 where not exists (select 1 from ledger_events e where e.stream_id = 'req-' || u.id and e.version = 2
                                      and e.type = 'V1.RequestCompleted' and (e.data->>'status')::int = 200)
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = answered });
            var missing = new List<Guid>();
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) missing.Add(reader.GetGuid(0));
            Check("every 200 a client received has its RequestCompleted(200), matched by request id", answered.Length > 0 && missing.Count == 0,
                $"{answered.Length:N0} answered ids, {missing.Count:N0} without a completion" +
                (missing.Count > 0 ? " (first: " + string.Join(", ", missing.Take(3)) + ")" : ""));
        }
        Check("every admission settled exactly once", (allowOpen || unsettled == 0) && doubly == 0 && admitted == completed + expired + unsettled,
            $"{unsettled:N0} unsettled, {doubly:N0} settled twice, admitted {admitted:N0} = completed {completed:N0} + expired {expired:N0} + open {unsettled:N0}");
        Check("open_reservations matches unsettled admissions", open == unsettled, $"{open:N0} rows, {unsettled:N0} unsettled");

        var mismatched = await Scalar("""
            with sums as (
              select org_id,
                     coalesce(sum((data->>'amount')::numeric) filter (where type in ('V1.PaymentRecorded', 'V1.SignupCreditClaimed')), 0) as credits,
                     coalesce(sum((data->>'charged')::numeric) filter (where type in ('V1.RequestCompleted', 'V1.ReservationExpired')), 0) as charged
                from ledger_events where org_id is not null group by org_id),
            reserved as (
              select a.org_id, sum((a.data->>'reserved')::numeric) as reserved
                from ledger_events a where a.type = 'V1.RequestAdmitted'
                 and not exists (select 1 from ledger_events s where s.stream_id = a.stream_id and s.version = 2)
               group by a.org_id)
            select count(*) from admission_orgs o
              left join sums s on s.org_id = o.org_id left join reserved r on r.org_id = o.org_id
             where (o.state->>'credits')::numeric <> coalesce(s.credits, 0)
                or (o.state->>'charged')::numeric <> coalesce(s.charged, 0)
                or (o.state->>'reserved')::numeric <> coalesce(r.reserved, 0)
            """);
        var orgs = await Scalar("select count(*) from admission_orgs");
        Check("org balances equal the sum of their events", mismatched == 0, $"{mismatched} of {orgs:N0} orgs differ (credits, charged, reserved)");

        var verified = await new ChainVerifier(ds).VerifyAsync(ct);
        Check("hash chain verifies", verified.Ok, $"{verified.EventsChecked:N0} events" + (verified.FirstProblem is { } p ? $", first problem: {p}" : ""));
        return ok;
    }
}
