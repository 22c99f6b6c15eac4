using Alba;
using Ledger.Api.Ops;
using Ledger.Api.Tests.Support;
using Ledger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Ledger.Api.Tests.Ops;

public sealed class OpsEndpointsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    private sealed record Health(string Status);

    [Fact]
    public async Task healthz_is_200_status_ok_as_json_without_a_key()
    {
        var result = await gateway.Host.Scenario(s =>
        {
            s.Get.Url("/healthz");
            s.StatusCodeShouldBeOk();
            s.ContentTypeShouldBe("application/json; charset=utf-8");
        });

        (await result.ReadAsJsonAsync<Health>()).ShouldBe(new Health("ok"));
    }

    [Fact]
    public async Task readyz_is_200_with_its_checks_when_the_schema_is_current_and_no_projection_is_paused()
    {
        var (anonymous, verdict) = await Client.GetJsonAsync("/readyz");
        var (r, body) = await Client.GetJsonAsync("/readyz", LedgerNode.OperatorToken);

        ((int)anonymous.StatusCode).ShouldBe(200, verdict.ToJsonString());
        ((string)verdict["code"]!).ShouldBe("ready");
        ((int)r.StatusCode).ShouldBe(200, body.ToJsonString());
        ((string)body["status"]!).ShouldBe("ready");
        ((bool)body["database"]!["ok"]!).ShouldBeTrue();
        ((int)body["migrations"]!["applied"]!).ShouldBe((int)body["migrations"]!["expected"]!);
        body["projections"]!["paused"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task readyz_is_503_when_migrations_lag_behind_the_build()
    {
        await using (var cmd = gateway.Database.DataSource.CreateCommand(
            "create temp table held as select * from schema_migrations where version = (select max(version) from schema_migrations)"))
            await cmd.ExecuteNonQueryAsync();
        var max = await gateway.Database.ScalarAsync<int>("select max(version) from schema_migrations");
        await using (var cmd = gateway.Database.DataSource.CreateCommand($"update schema_migrations set version = -version where version = {max}"))
            await cmd.ExecuteNonQueryAsync();
        try
        {
            var (r, body) = await Client.GetJsonAsync("/readyz", LedgerNode.OperatorToken);

            ((int)r.StatusCode).ShouldBe(503);
            ((string)body["code"]!).ShouldBe("migrations_pending");
            ((bool)body["migrations"]!["ok"]!).ShouldBeFalse();
            ((int)body["migrations"]!["expected"]!).ShouldBe(max);
        }
        finally
        {
            await using var cmd = gateway.Database.DataSource.CreateCommand($"update schema_migrations set version = {max} where version = -{max}");
            await cmd.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task readyz_is_503_with_the_reason_when_the_database_is_unreachable()
    {
        var dead = new NpgsqlConnectionStringBuilder(gateway.Database.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 1 }.ConnectionString;
        await using var db = NpgsqlDataSource.Create(dead);

        // the registrations the host makes, over a data source that points nowhere
        using var store = Ledger.Projections.LedgerStore.Open(db);
        await using var services = new ServiceCollection().AddLogging().AddSingleton(db).AddSingleton<global::Marten.IDocumentStore>(store)
            .AddLedgerHealthChecks().BuildServiceProvider();

        var report = await OpsEndpoints.ReadinessAsync(services.GetRequiredService<HealthCheckService>(), CancellationToken.None);

        report.Ready.ShouldBeFalse();
        report.Database.Ok.ShouldBeFalse();
        report.Database.Error.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task metrics_report_requests_admission_and_upstream_latency_projection_lag_open_reservations_and_process_costs()
    {
        var org = await Client.SignUpAsync();
        await Client.PayAsync(org.OrgId, 100m);
        (await Client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        (await Client.CompleteAsync("br-not-a-key")).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);

        // open reservations are a read model: wait for it to apply this request's completion
        var (response, text) = (await Client.GetAsync("/metrics"), "");
        for (var deadline = DateTime.UtcNow.AddSeconds(15); ; response = await Client.GetAsync("/metrics"))
        {
            text = await response.Content.ReadAsStringAsync();
            if (text.Contains("\nledger_reservations_open 0\n") || DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        text.ShouldContain("ledger_requests_total{status=\"200\",code=\"ok\"}");
        text.ShouldContain("ledger_requests_total{status=\"401\",code=\"invalid_api_key\"}");
        text.ShouldContain("# TYPE ledger_admission_duration_seconds histogram");
        text.ShouldContain("ledger_admission_duration_seconds_bucket{le=\"+Inf\"}");
        text.ShouldContain("ledger_upstream_duration_seconds_count{provider=");
        text.ShouldContain("ledger_database_up 1");
        text.ShouldContain("# TYPE ledger_reservations_open gauge");
        text.ShouldMatch(@"(?s).*\nledger_reservations_open 0\n.*");
        foreach (var projection in new[] { "activity", "usage", "invoices", "reservations" })
        {
            System.Text.RegularExpressions.Regex.IsMatch(text, $"ledger_projection_lag_events\\{{projection=\"{projection}\"\\}} \\d+").ShouldBeTrue(text);
            text.ShouldContain($"ledger_projection_paused{{projection=\"{projection}\"}} 0");
        }
        double Counter(string name) => double.Parse(System.Text.RegularExpressions.Regex.Match(text, $"\n{name} ([0-9.]+)\n").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Counter("process_cpu_seconds_total").ShouldBeGreaterThan(0);
        Counter("dotnet_allocated_bytes_total").ShouldBeGreaterThan(0);
        Counter("process_working_set_bytes").ShouldBeGreaterThan(0);
        text.ShouldContain("dotnet_collection_count_total{generation=\"0\"}");
    }
}
