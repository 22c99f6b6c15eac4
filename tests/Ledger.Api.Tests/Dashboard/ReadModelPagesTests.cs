using System.Text.Json;
using System.Text.RegularExpressions;
using Ledger.Api.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ledger.Api.Tests.Dashboard;

/// <summary>
/// Activity and Usage drawn from answers in the shapes docs/api.md gives for /me/activity and
/// /me/usage. The browser talks to the real gateway for everything else; only those two read
/// models are answered by the test, so the pages are covered whether or not the gateway serves them yet.
/// </summary>
public sealed class ReadModelPagesTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private static readonly string Shots = Artifacts.Folder("screenshots");

    [Fact]
    public async Task activity_marks_refusals_picks_up_new_requests_by_itself_and_usage_draws_labelled_charts()
    {
        var org = await gateway.Client.SignUpAsync("EUR", "Charts Inc");
        await using var context = await gateway.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        var page = await context.NewPageAsync();
        var console = new ConsoleWatch(page);
        SetDefaultExpectTimeout(15_000);

        var rows = new List<object> { Row("r3", 402, "insufficient_credits", 0, 0, 0m), Row("r2", 429, "rate_limit_exceeded", 0, 0, 0m), Row("r1", 200, null, 1200, 630, 0.0042m) };
        await page.RouteAsync(new Regex(@"/me/activity(\?|$)"), async route =>
        {
            List<object> snapshot;
            lock (rows) snapshot = [.. rows];
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = Json(new { data = snapshot, next_cursor = (string?)null, position = 7 }) });
        });
        await page.RouteAsync(new Regex(@"/me/usage(\?|$)"), route =>
            route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = Usage(new Uri(route.Request.Url)) }));

        // sign in by pasting the key
        await page.GotoAsync("/");
        await page.GetByTestId("signin-key").FillAsync(org.Key);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("page-keys")).ToBeVisibleAsync();

        await page.GetByTestId("nav-activity").ClickAsync();
        await Expect(page.GetByTestId("activity-row")).ToHaveCountAsync(3);
        var ok = page.Locator("[data-testid=activity-row][data-request-id=r1]");
        await Expect(ok.GetByTestId("activity-status")).ToHaveTextAsync("200");
        await Expect(ok.GetByTestId("activity-model")).ToHaveTextAsync("gpt-5.1");
        await Expect(ok.GetByTestId("activity-provider")).ToHaveTextAsync("scaleway");
        await Expect(ok.GetByTestId("activity-tokens-row")).ToHaveTextAsync("1,830");
        await Expect(ok.GetByTestId("activity-cost-row")).ToHaveTextAsync("€0.0042");
        await Expect(ok.GetByTestId("activity-latency")).ToHaveTextAsync("412 ms");
        await Expect(page.Locator("[data-testid=activity-row][data-request-id=r2]")).ToHaveClassAsync(new Regex(@"\blimited\b"));
        await Expect(page.Locator("[data-testid=activity-row][data-request-id=r3]")).ToHaveClassAsync(new Regex(@"\bunpaid\b"));
        await Expect(page.GetByTestId("activity-cost")).ToHaveTextAsync("€0.0042");

        // a request made elsewhere shows up on the next poll, without a reload
        lock (rows) rows.Insert(0, Row("r4", 200, null, 300, 12, 0.0004m, "haiku-4", "anthropic"));
        await Expect(page.GetByTestId("activity-row")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("activity-row").First).ToHaveAttributeAsync("data-request-id", "r4");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "dashboard-activity-rows.png"), FullPage = true });

        // filters go to the server as query parameters
        await page.GetByTestId("filter-status").SelectOptionAsync("429");
        await page.GetByTestId("filter-provider").SelectOptionAsync("anthropic");
        await page.WaitForRequestAsync(r => r.Url.Contains("/me/activity") && r.Url.Contains("status=429") && r.Url.Contains("provider=anthropic") && r.Url.Contains("from="));

        // usage: totals and labelled SVG charts over time and by model and provider
        await page.GetByTestId("nav-usage").ClickAsync();
        await Expect(page.GetByTestId("usage-total-requests")).ToHaveTextAsync("847");
        await Expect(page.GetByTestId("usage-total-tokens-in")).ToHaveTextAsync("1.2M");
        await Expect(page.Locator("svg[data-testid=chart-requests] rect.col")).ToHaveCountAsync(3);
        await Expect(page.Locator("svg[data-testid=chart-tokens] rect.col")).ToHaveCountAsync(3 * 2);
        await Expect(page.Locator("svg[data-testid=chart-cost] polyline")).ToHaveCountAsync(1);
        await Expect(page.Locator("svg[data-testid=chart-requests]")).ToContainTextAsync("20 Nov");
        await Expect(page.Locator("svg[data-testid=chart-models]")).ToContainTextAsync("claude-4");
        await Expect(page.Locator("svg[data-testid=chart-providers]")).ToContainTextAsync("€0.0031");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "dashboard-usage-charts.png"), FullPage = true });
        await page.GetByTestId("usage-group").SelectOptionAsync("hour");
        await Expect(page.Locator("svg[data-testid=chart-requests]")).ToContainTextAsync(":00");

        await page.SetViewportSizeAsync(390, 844);
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "dashboard-phone-usage.png"), FullPage = true });

        console.Unexpected().ShouldBeEmpty();
    }

    private static object Row(string id, int status, string? code, int tokensIn, int tokensOut, decimal cost, string model = "gpt-5.1", string provider = "scaleway") => new
    {
        request_id = id, at = DateTimeOffset.UtcNow, key_id = Guid.NewGuid(), key_name = "default", key_prefix = "br-trial-abc",
        model, provider, status, code, tokens_in = tokensIn, tokens_out = tokensOut, cost, currency = "EUR", latency_ms = status == 200 ? 412 : 3,
    };

    private static string Usage(Uri url)
    {
        var group = Regex.Match(url.Query, "group_by=([a-z]+)").Groups[1].Value;
        var totals = new { requests = 847, tokens_in = 1_200_000, tokens_out = 310_000, provider_cost = 2.1m, charged = 2.415m };
        object[] series = group switch
        {
            "model" => [Point("gpt-5.1", 500, 0.0042m), Point("claude-4", 200, 0.0031m), Point("mistral-lg", 147, 0.0008m)],
            "provider" => [Point("scaleway", 500, 0.0042m), Point("anthropic", 200, 0.0031m)],
            "hour" => [Point("2026-11-20T09:00:00Z", 40, 0.1m), Point("2026-11-20T10:00:00Z", 90, 0.2m), Point("2026-11-20T11:00:00Z", 12, 0.01m)],
            _ => [Point("2026-11-20", 400, 1.2m), Point("2026-11-21", 300, 0.9m), Point("2026-11-22", 147, 0.315m)],
        };
        return Json(new { group_by = group, currency = "EUR", totals, series, position = 7 });
    }

    private static object Point(string group, int requests, decimal charged) =>
        new { group, requests, tokens_in = requests * 1400, tokens_out = requests * 360, provider_cost = charged / 1.15m, charged };

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
