using Ledger.Api.Tests.Support;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// PostgreSQL crashing while requests wait at their provider. What the gateway acts on must be on
/// disk first: a request sent to a provider has its admission in the ledger whatever happens to
/// the database, so that its settlement never lands without it.
/// </summary>
public sealed class DatabaseCrashTests
{
    [Fact]
    public async Task an_admission_is_on_disk_before_its_request_goes_to_the_provider()
    {
        // A cluster of its own, as this test crashes it. The WAL writer waits 10 s and no projection
        // commits meanwhile, so what is on disk at the crash is what the request path made durable.
        await using var pg = await PrivateCluster.StartAsync("wal_writer_delay = 10s");
        var settings = new Dictionary<string, string?> { ["Ledger:RunDaemon"] = "false" };
        for (var i = 0; i < 3; i++) settings[$"Ledger:Gateway:Providers:{i}:SimulatedLatencyMs"] = "3000";
        await using var node = await LedgerNode.StartAsync(pg.ConnectionString, settings: settings);
        var client = node.Server.CreateClient();
        var org = await client.SignUpAsync();
        await client.PayAsync(org.OrgId, 100m);
        await using var db = NpgsqlDataSource.Create(pg.ConnectionString);

        // 30 requests, 10 ms apart; the database crashes as soon as the last one is admitted, while
        // all of them wait 3 s at the provider
        var requests = Enumerable.Range(0, 30)
            .Select(async i => { await Task.Delay(i * 10); return await client.CompleteAsync(org.Key); })
            .ToArray();
        // (polled every millisecond: the sooner the crash, the less the WAL writer has written meanwhile)
        await Wait.UntilAsync(async () => await LedgerState.CountAsync(db, org.OrgId, "V1.RequestAdmitted") == 30, TimeSpan.FromMilliseconds(1));
        await pg.CrashAsync();
        await pg.StartAsync();
        db.Clear();  // this test's own connections died too
        // the node's request writer finds its connection dead when the settlements come, and writes
        // them on a new one: the database is back, so none of these requests may fail
        var answers = await Task.WhenAll(requests);

        // no settlement without its admission: every completion's stream starts at version 1
        (await db.ScalarAsync<long>($"""
            select count(*) from ledger_events c where c.org_id = '{org.OrgId}' and c.type = 'V1.RequestCompleted'
               and not exists (select 1 from ledger_events a where a.stream_id = c.stream_id and a.version = 1)
            """)).ShouldBe(0);
        // each request admitted before the crash is served, and each 200 has its completion
        answers.ShouldAllBe(a => a.Response.IsSuccessStatusCode);
        (await LedgerState.CountAsync(db, org.OrgId, "V1.RequestCompleted")).ShouldBe(30);
        // the org's admission row equals its events: nothing left reserved, every charge counted
        await LedgerState.OrgRowEqualsItsEventsAsync(db, org.OrgId);
        (await db.ScalarAsync<decimal>($"select (state->>'reserved')::numeric from admission_orgs where org_id = '{org.OrgId}'")).ShouldBe(0m);
        (await new ChainVerifier(db).VerifyAsync()).Ok.ShouldBeTrue();
    }
}
