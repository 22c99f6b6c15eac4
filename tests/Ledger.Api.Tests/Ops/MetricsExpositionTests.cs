using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Ops;

/// <summary>/metrics read by Prometheus's own parser, once two providers have traffic.</summary>
public sealed class MetricsExpositionTests : GatewayTest
{
    // a provider's name is operator text and reaches a label: a quote and a backslash must come out escaped
    private const string OddName = "sim \"scale\\way\"";
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = (await NodeAsync(settings: new Dictionary<string, string?> { ["Ledger:Gateway:Providers:0:Name"] = OddName })).Server.CreateClient();
    }

    [Fact]
    public async Task the_scrape_passes_promtool_with_two_providers_and_a_label_that_needs_escaping()
    {
        var promtool = Shell.Require("promtool", "apt-get install -y prometheus");
        var org = await _client.SignUpAsync();
        await _client.PayAsync(org.OrgId, 100m);
        (await _client.CompleteAsync(org.Key, "gpt-5.1")).Response.IsSuccessStatusCode.ShouldBeTrue();   // the cheaper: provider 0
        (await _client.CompleteAsync(org.Key, "claude-4")).Response.IsSuccessStatusCode.ShouldBeTrue(); // only sim-azure-eu
        (await _client.CompleteAsync("br-not-a-key")).Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);

        var text = await _client.GetStringAsync("/metrics");

        text.ShouldContain("ledger_upstream_duration_seconds_count{provider=\"sim-azure-eu\"} 1");
        text.ShouldContain("ledger_upstream_duration_seconds_count{provider=\"sim \\\"scale\\\\way\\\"\"} 1");
        text.Split('\n').Count(l => l == "# TYPE ledger_upstream_duration_seconds histogram").ShouldBe(1);
        var check = await Shell.RunAsync(promtool, ["check", "metrics"], stdin: text, timeout: TimeSpan.FromSeconds(20));
        check.ExitCode.ShouldBe(0, check.Output + "\n--- scrape ---\n" + text);
    }
}
