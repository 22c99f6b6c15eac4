using Ledger.Api.Tests.Support;
using Ledger.EventStore;
using Ledger.Projections;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// A node that dies with requests in flight, as under <c>kill -9</c>: from the ledger's side its
/// database link goes at once (connections reset, nothing more written) while its clients wait.
/// Nothing it answered is lost, what it left open is settled once by the other node, and every read
/// model equals a rebuild. (bench/resilience.sh kills a real process; this runs in CI.)
/// </summary>
public sealed class NodeCrashTests : GatewayTest
{
    [Fact]
    public async Task a_node_dying_mid_request_loses_no_answered_request_and_another_node_settles_what_it_left_open()
    {
        await using var link = DatabaseLink.To(Db.ConnectionString);
        var slow = new Dictionary<string, string?> { ["Ledger:Db"] = link.ConnectionString };
        // a slow provider, so that requests wait between their admission and their settlement
        for (var i = 0; i < 3; i++) slow[$"Ledger:Gateway:Providers:{i}:SimulatedLatencyMs"] = "300";
        var dying = (await NodeAsync(settings: slow)).Server.CreateClient();
        var survivor = (await NodeAsync(settings: new Dictionary<string, string?> { ["Ledger:ReservationTimeoutSeconds"] = "2" })).Server.CreateClient();
        var org = await survivor.SignUpAsync();
        await survivor.PayAsync(org.OrgId, 100m);

        // requests keep arriving at the dying node, one every 20 ms
        // warmed up first: a cold node answers its first requests late and together (one settlement
        // batch), and then none is answered while others are still in flight
        (await dying.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var requests = Enumerable.Range(0, 40)
            .Select(async i => { await Task.Delay(i * 20); return await dying.CompleteAsync(org.Key); })
            .ToArray();
        // it dies once some requests are answered and others are admitted but not yet settled (a
        // completion on disk whose answer is still on its way may end as a 503: answered ones count)
        await Wait.UntilAsync(async () => requests.Count(r => r.IsCompletedSuccessfully && r.Result.Response.IsSuccessStatusCode) >= 3
                                && await Count(org, "V1.RequestAdmitted") - await Count(org, "V1.RequestCompleted") >= 3);
        link.Cut();
        var answers = await Task.WhenAll(requests);

        var answeredIds = answers.Where(a => a.Response.IsSuccessStatusCode)
            .Select(a => Guid.Parse(a.Response.Headers.GetValues("x-request-id").Single())).ToArray();
        answeredIds.Length.ShouldBeGreaterThanOrEqualTo(3);
        answers.Where(a => !a.Response.IsSuccessStatusCode)
            .ShouldAllBe(a => (int)a.Response.StatusCode == 503 && a.Body.Code() == "ledger_unavailable");

        // every 200 a client holds has its RequestCompleted(200), matched by request id
        await using (var cmd = Db.DataSource.CreateCommand("""
            select count(*) from unnest($1::uuid[]) as u(id)
             where not exists (select 1 from ledger_events e where e.stream_id = 'req-' || u.id and e.version = 2
                                  and e.type = 'V1.RequestCompleted' and (e.data->>'status')::int = 200)
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = answeredIds });
            ((long)(await cmd.ExecuteScalarAsync())!).ShouldBe(0);
        }

        // the other node's sweeper settles what the dead one left open, each exactly once
        await Wait.UntilAsync(async () => await Unsettled(org) == 0);
        var admitted = await Count(org, "V1.RequestAdmitted");
        var expired = await Count(org, "V1.ReservationExpired");
        expired.ShouldBeGreaterThanOrEqualTo(3);
        (await Count(org, "V1.RequestCompleted") + expired).ShouldBe(admitted);
        (await Db.ScalarAsync<long>($"select count(*) from ledger_events where org_id = '{org.OrgId}' and stream_id like 'req-%' and version > 2")).ShouldBe(0);
        // open_reservations is a read model: the survivor's daemon (leading it now, if the dead node did) catches up
        await Wait.UntilAsync(async () => await Db.ScalarAsync<long>($"select count(*) from open_reservations where org_id = '{org.OrgId}'") == 0);

        // the org's admission row equals the sum of its events (nothing left reserved: all settled above)
        await LedgerState.OrgRowEqualsItsEventsAsync(Db.DataSource, org.OrgId);
        (await Db.ScalarAsync<decimal>($"select (state->>'reserved')::numeric from admission_orgs where org_id = '{org.OrgId}'")).ShouldBe(0m);
        (await new ChainVerifier(Db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();

        // every read model, whichever node led it when the other died, equals a rebuild from the events
        await LedgerState.CaughtUpAsync(Db.DataSource);
        var live = await LedgerState.ReadModelsAsync(Db.DataSource);
        await LedgerState.RebuildAllAsync(Db.DataSource);
        (await LedgerState.ReadModelsAsync(Db.DataSource)).ShouldBe(live);

        // and the survivor goes on serving the org
        (await survivor.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
    }

    private Task<long> Count(SignedUp org, string type) => LedgerState.CountAsync(Db.DataSource, org.OrgId, type);

    private Task<long> Unsettled(SignedUp org) => Db.ScalarAsync<long>($"""
        select count(*) from ledger_events a where a.org_id = '{org.OrgId}' and a.type = 'V1.RequestAdmitted'
           and not exists (select 1 from ledger_events s where s.stream_id = a.stream_id and s.version = 2)
        """);
}
