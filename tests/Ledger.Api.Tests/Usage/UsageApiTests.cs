using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Usage;

/// <summary>Through the real gateway: requests go in via /v1, the read models come out of /me.</summary>
public sealed class UsageApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    /// <summary>Polls a /me read until it reflects the expectation (the daemon is asynchronous), with a deadline.</summary>
    private async Task<JsonObject> EventuallyAsync(string url, string key, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (response, body) = await Client.GetJsonAsync(url, key);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
            if (done(body)) return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} never got there: {body.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    private async Task<(SignedUp Org, List<string> Ids)> OrgWithRequestsAsync(int count, string currency = "EUR")
    {
        var org = await Client.SignUpAsync(currency);
        await Client.PayAsync(org.OrgId, currency == "EUR" ? 50m : 5000m, currency);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (response, body) = await Client.CompleteAsync(org.Key, i % 2 == 0 ? "gpt-5.1" : "claude-4");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
            ids.Add((string)body["id"]!);
        }
        return (org, ids);
    }

    [Fact]
    public async Task a_completed_request_shows_in_the_activity_feed_with_the_cost_the_ledger_charged()
    {
        var (org, _) = await OrgWithRequestsAsync(1);
        var body = await EventuallyAsync("/me/activity", org.Key, b => b["data"]!.AsArray().Any(r => (int?)r!["status"] == 200));
        var row = body["data"]!.AsArray().Single()!;
        var charged = await gateway.Database.ScalarAsync<decimal>(
            $"select (data->>'charged')::numeric from ledger_events where org_id = '{org.OrgId}' and type = 'V1.RequestCompleted'");
        ((decimal)row["cost"]!).ShouldBe(charged);
        charged.ShouldBeGreaterThan(0m);
        ((string)row["key_name"]!).ShouldBe("default");
        ((string)row["key_id"]!).ShouldBe(org.KeyId.ToString());
        ((string)row["model"]!).ShouldBe("gpt-5.1");
        ((string)row["currency"]!).ShouldBe("EUR");
        ((int)row["tokens_out"]!).ShouldBeGreaterThan(0);
        ((long)body["position"]!).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task usage_totals_equal_the_sum_of_the_completed_events_and_the_series_adds_up()
    {
        var (org, _) = await OrgWithRequestsAsync(6);
        var body = await EventuallyAsync("/me/usage?group_by=model", org.Key, b => (long)b["totals"]!["requests"]! == 6);
        var charged = await gateway.Database.ScalarAsync<decimal>(
            $"select sum((data->>'charged')::numeric) from ledger_events where org_id = '{org.OrgId}' and type = 'V1.RequestCompleted'");
        ((decimal)body["totals"]!["charged"]!).ShouldBe(charged);
        body["series"]!.AsArray().Select(p => (string)p!["group"]!).ShouldBe(["claude-4", "gpt-5.1"]);
        body["series"]!.AsArray().Sum(p => (decimal)p!["charged"]!).ShouldBe(charged);
        ((string)body["currency"]!).ShouldBe("EUR");
        ((string)body["group_by"]!).ShouldBe("model");

        var byDay = await EventuallyAsync("/me/usage?group_by=day", org.Key, _ => true);
        ((decimal)byDay["totals"]!["charged"]!).ShouldBe(charged);
    }

    [Fact]
    public async Task an_invoice_comes_as_json_and_as_csv_with_the_same_total()
    {
        var (org, _) = await OrgWithRequestsAsync(3, "INR");
        var list = await EventuallyAsync("/me/invoices", org.Key, b => b["data"]!.AsArray().Any(i => (long)i!["requests"]! == 3));
        var month = (string)list["data"]!.AsArray().Single(i => (long)i!["requests"]! == 3)!["month"]!;

        var (_, json) = await Client.GetJsonAsync($"/me/invoices/{month}", org.Key);
        ((string)json["currency"]!).ShouldBe("INR");
        var total = (decimal)json["total"]!;
        total.ShouldBe(await gateway.Database.ScalarAsync<decimal>(
            $"select sum((data->>'charged')::numeric) from ledger_events where org_id = '{org.OrgId}' and type = 'V1.RequestCompleted'"));
        ((decimal)json["closing_balance"]!).ShouldBe((decimal)json["opening_balance"]! + (decimal)json["credits"]! + (decimal)json["payments"]! - total);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/me/invoices/{month}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", org.Key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await Client.SendAsync(request);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("month,currency,row,model");
        var totalRow = lines.Single(l => l.Split(',')[2] == "total").Split(',');
        decimal.Parse(totalRow[^1], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(total);
    }

    [Theory]
    [InlineData("/me/activity?limit=501", "limit")]
    [InlineData("/me/activity?from=yesterday", "from")]
    [InlineData("/me/activity?status=2x", "status")]
    [InlineData("/me/activity?key_id=abc", "key_id")]
    [InlineData("/me/activity?cursor=nope", "cursor")]
    [InlineData("/me/usage?group_by=week", "group_by")]
    [InlineData("/me/usage?from=2026-03-02&to=2026-03-01", "to")]
    [InlineData("/me/invoices/2026-13", "month")]
    public async Task a_bad_filter_is_a_400_naming_the_field(string url, string param)
    {
        var org = await Client.SignUpAsync();
        var (response, body) = await Client.GetJsonAsync(url, org.Key);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ((string)body["error"]!["param"]!).ShouldBe(param);
        body.Code().ShouldBe("invalid_parameter");
    }
}
