using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Dashboard;

/// <summary>The dashboard's chart module itself, run in Chromium: axes tick at nice numbers, hovers show exact values.</summary>
public sealed class ChartTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    /// <summary>Draws a time chart with the gateway's own charts.js and hands back its y-axis labels and hover texts.</summary>
    private async Task<(string[] Axis, string[] Hovers)> DrawAsync(double[] values, bool integers, string fmt)
    {
        var page = await gateway.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(gateway.BaseAddress, "/").ToString());
        var drawn = await page.EvaluateAsync<string[][]>($$"""
            async () => {
              const { timeChart } = await import('/charts.js');
              const values = {{System.Text.Json.JsonSerializer.Serialize(values)}};
              const svg = timeChart({ labels: values.map((_, i) => `d${i}`), series: [{ name: 'S', cls: 'a', values }],
                fmt: {{fmt}}, exact: (v) => `exact ${v}`, integers: {{(integers ? "true" : "false")}}, title: 't', testid: 't' });
              return [[...svg.querySelectorAll('text.axis-y')].map(t => t.textContent),
                      [...svg.querySelectorAll('rect.col > title')].map(t => t.textContent)];
            }
            """);
        await page.CloseAsync();
        return (drawn[0], drawn[1]);
    }

    [Fact]
    public async Task three_requests_tick_at_whole_numbers_up_to_three()
    {
        var (axis, hovers) = await DrawAsync([3, 1, 2], integers: true, fmt: "String");

        axis.ShouldBe(["0", "1", "2", "3"]);
        hovers.ShouldBe(["d0 · S: exact 3", "d1 · S: exact 1", "d2 · S: exact 2"]);
    }

    [Fact]
    public async Task twenty_five_tokens_tick_every_ten()
    {
        var (axis, _) = await DrawAsync([25, 4], integers: true, fmt: "String");

        axis.ShouldBe(["0", "10", "20", "30"]);
    }

    [Fact]
    public async Task small_costs_tick_at_two_thousandths_and_hover_unrounded()
    {
        var (axis, hovers) = await DrawAsync([0.0042, 0.000123], integers: false, fmt: "String");

        axis.ShouldBe(["0", "0.002", "0.004", "0.006"]);
        hovers[1].ShouldBe("d1 · S: exact 0.000123");
    }

    [Fact]
    public async Task a_single_request_is_not_drawn_on_a_half_step_axis()
    {
        var (axis, _) = await DrawAsync([1], integers: true, fmt: "String");

        axis.ShouldBe(["0", "1"]);
    }
}
