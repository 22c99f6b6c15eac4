using Ledger.Api.Hosting;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Ops;

/// <summary>
/// A read model that cannot apply an event pauses (Marten's daemon, nothing skipped), /readyz says so,
/// and `ledger resume` (a request row the node running it serves) starts it again from where it
/// stopped; `ledger rebuild` is served the same way. Its own database: the tests break a table on purpose.
/// </summary>
public sealed class ProjectionRequestsTests : GatewayTest
{
    [Fact]
    public async Task readyz_is_503_naming_a_paused_projection_and_a_resume_request_catches_it_up()
    {
        var client = (await NodeAsync()).Server.CreateClient();
        var org = await client.SignUpAsync();
        await client.PayAsync(org.OrgId, 100m);
        (await client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        await LedgerState.CaughtUpAsync(Db.DataSource);

        // the usage read model cannot write its table: it must pause, not skip the event
        await Db.DataSource.ScalarAsync<int>("alter table usage_hourly rename to usage_hourly_away; select 1");
        (await client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var (r, body) = await Wait.ForAsync(() => client.GetJsonAsync("/readyz", LedgerNode.OperatorToken), x => (int)x.Response.StatusCode == 503);
        var (anonymous, verdict) = await client.GetJsonAsync("/readyz");

        ((int)r.StatusCode).ShouldBe(503);
        ((string)body["code"]!).ShouldBe("projection_paused");
        var paused = body["projections"]!["paused"]!.AsArray().ShouldHaveSingleItem()!;
        ((string)paused["name"]!).ShouldBe("usage");
        ((string)paused["error"]!).ShouldContain("usage_hourly");
        // an anonymous probe learns the verdict and its code, not the stored exception
        ((int)anonymous.StatusCode).ShouldBe(503);
        ((string)verdict["code"]!).ShouldBe("projection_paused");
        verdict.ToJsonString().ShouldNotContain("usage_hourly");

        await Db.DataSource.ScalarAsync<int>("alter table usage_hourly_away rename to usage_hourly; select 1");
        await ProjectionRequests.RequestAsync(Db.DataSource, "usage", "resume", default);

        await LedgerState.CaughtUpAsync(Db.DataSource);
        ((int)(await client.GetJsonAsync("/readyz", LedgerNode.OperatorToken)).Response.StatusCode).ShouldBe(200);
        (await Db.DataSource.ScalarAsync<long>($"select coalesce(sum(requests), 0)::bigint from usage_hourly where org_id = '{org.OrgId}'")).ShouldBe(2);
        (await Db.DataSource.ScalarAsync<long>("select count(*) from projection_requests")).ShouldBe(0);
    }

    [Fact]
    public async Task a_rebuild_request_is_run_by_the_node_running_the_read_model_and_gives_the_live_rows_back()
    {
        var client = (await NodeAsync()).Server.CreateClient();
        var org = await client.SignUpAsync();
        await client.PayAsync(org.OrgId, 100m);
        for (var i = 0; i < 5; i++) (await client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        await LedgerState.CaughtUpAsync(Db.DataSource);
        var live = await LedgerState.ReadModelsAsync(Db.DataSource);
        // a row no event made: a rebuild from the events drops it
        await Db.DataSource.ScalarAsync<int>($"delete from activity where ctid = (select ctid from activity where org_id = '{org.OrgId}' limit 1); select 1");
        (await LedgerState.ReadModelsAsync(Db.DataSource)).ShouldNotBe(live);

        await ProjectionRequests.RequestAsync(Db.DataSource, "activity", "rebuild", default);

        await Wait.UntilAsync(() => ProjectionRequests.ServedAsync(Db.DataSource, "activity", "rebuild", default));
        (await LedgerState.ReadModelsAsync(Db.DataSource)).ShouldBe(live);
        // and the rebuilt read model goes on with new events
        (await client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        await LedgerState.CaughtUpAsync(Db.DataSource);
        (await Db.DataSource.ScalarAsync<long>($"select count(*) from activity where org_id = '{org.OrgId}'")).ShouldBe(6);
    }
}
