using Ledger.Api.Tests.Support;
using Ledger.Testing;

namespace Ledger.Api.Tests.Resilience;

/// <summary>A node whose database goes away under load, as when PostgreSQL crashes, and comes back.</summary>
public sealed class DatabaseOutageTests : GatewayTest
{
    [Fact]
    public async Task while_the_database_is_unreachable_requests_get_503_ledger_unavailable_record_nothing_and_the_node_recovers_by_itself()
    {
        await using var link = DatabaseLink.To(Db.ConnectionString);
        var client = (await NodeAsync(settings: new Dictionary<string, string?> { ["Ledger:Db"] = link.ConnectionString })).Server.CreateClient();
        var org = await client.SignUpAsync();
        await client.PayAsync(org.OrgId, 100m);
        (await client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();

        link.Cut();
        var during = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.CompleteAsync(org.Key)));
        var ready = await client.GetAsync("/readyz");
        link.Restore();

        during.ShouldAllBe(r => (int)r.Response.StatusCode == 503 && r.Body.Code() == "ledger_unavailable");
        ((int)ready.StatusCode).ShouldBe(503);
        var after = await Wait.ForAsync(() => client.CompleteAsync(org.Key), r => r.Response.IsSuccessStatusCode);
        after.Response.IsSuccessStatusCode.ShouldBeTrue(after.Body.ToJsonString());
        // the two answered requests are in the ledger; the refused ones never reached it
        (await Db.ScalarAsync<long>($"select count(*) from ledger_events where org_id = '{org.OrgId}' and type = 'V1.RequestAdmitted'")).ShouldBe(2);
        (await Db.ScalarAsync<long>($"select count(*) from ledger_events where org_id = '{org.OrgId}' and type = 'V1.RequestCompleted'")).ShouldBe(2);
    }
}
