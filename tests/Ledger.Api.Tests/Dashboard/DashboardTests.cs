using System.Net;
using System.Text.RegularExpressions;
using Ledger.Api.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ledger.Api.Tests.Dashboard;

/// <summary>
/// The dashboard in real headless Chromium against a gateway on a real port: sign up, keys shown
/// once, a request seen in Activity, a budget bar, revocation — with no console errors.
/// </summary>
public sealed class DashboardTests(BrowserGateway gateway) : IClassFixture<BrowserGateway>
{
    private static readonly string Shots = Artifacts.Folder("screenshots");

    [Fact]
    public async Task a_person_signs_up_mints_a_key_sees_its_request_and_cost_sets_a_budget_and_revokes_it()
    {
        await using var context = await gateway.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = await context.NewPageAsync();
        var console = new ConsoleWatch(page);
        SetDefaultExpectTimeout(15_000);

        // a wrong key is refused in plain words
        console.Expect("/me/balance", 401);
        await page.GotoAsync("/");
        await page.GetByTestId("signin-key").FillAsync("br-not-a-real-key");
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("error-banner")).ToContainTextAsync("That key is not valid — sign in again");
        await page.ScreenshotAsync(new() { Path = Shot("sign-in") });

        // sign up: the first key is shown once, with a warning and a working copy button
        await page.GetByTestId("signup-org").FillAsync("Acme Robotics");
        await page.GetByTestId("signup-email").FillAsync("ops@acme.example");
        await page.GetByTestId("signup-currency").SelectOptionAsync("EUR");
        await page.GetByTestId("signup-submit").ClickAsync();
        var reveal = page.GetByTestId("key-reveal");
        await Expect(reveal).ToBeVisibleAsync();
        await Expect(page.GetByTestId("key-reveal-warning")).ToContainTextAsync("only time");
        var firstKey = await page.GetByTestId("key-reveal-value").TextContentAsync() ?? "";
        firstKey.ShouldStartWith("br-");
        await page.GetByTestId("key-reveal-copy").ClickAsync();
        (await page.EvaluateAsync<string>("navigator.clipboard.readText()")).ShouldBe(firstKey);
        await page.GetByTestId("key-reveal-done").ClickAsync();
        await Expect(reveal).ToBeHiddenAsync();
        await Expect(page.GetByTestId("key-row")).ToHaveCountAsync(1);
        (await page.ContentAsync()).ShouldNotContain(firstKey);

        // the signup credit, from the Plan page, makes the org standard so requests are charged
        await page.GetByTestId("nav-plan").ClickAsync();
        await Expect(page.GetByTestId("plan-monthly")).ToContainTextAsync("Monthly requests");
        await Expect(page.GetByTestId("promo-claim")).ToContainTextAsync("Claim €15 free credits");
        await page.GetByTestId("promo-claim").ClickAsync();
        await Expect(page.GetByTestId("promo-message")).ToContainTextAsync("€15 added");
        await Expect(page.GetByTestId("balance-available")).ToHaveTextAsync("€15.00");
        await page.ScreenshotAsync(new() { Path = Shot("plan"), FullPage = true });

        // mint a second key in the dialog: shown once, then gone even after a reload
        await page.GetByTestId("nav-keys").ClickAsync();
        await page.GetByTestId("mint-open").ClickAsync();
        await page.GetByTestId("mint-name").FillAsync("ci-pipeline");
        await page.GetByTestId("mint-rpm").FillAsync("30");
        await page.GetByTestId("mint-daily").FillAsync("500");
        await page.GetByTestId("mint-expiry").FillAsync("90");
        await page.ScreenshotAsync(new() { Path = Shot("mint-dialog") });
        await page.GetByTestId("mint-submit").ClickAsync();
        await Expect(reveal).ToBeVisibleAsync();
        var secondKey = await page.GetByTestId("key-reveal-value").TextContentAsync() ?? "";
        secondKey.ShouldStartWith("br-");
        secondKey.ShouldNotBe(firstKey);
        await page.ScreenshotAsync(new() { Path = Shot("key-shown-once") });
        await page.GetByTestId("key-reveal-done").ClickAsync();
        await Expect(reveal).ToBeHiddenAsync();
        await page.ReloadAsync();
        var ci = page.Locator("[data-testid=key-row][data-key-name=ci-pipeline]");
        await Expect(ci.GetByTestId("key-status")).ToHaveTextAsync("active");
        await Expect(ci.GetByTestId("key-prefix")).ToHaveTextAsync(new Regex(@"^br-[\w-]+\*{4}$"));
        await Expect(ci.GetByTestId("key-budget")).ToHaveTextAsync("No limit");
        await Expect(ci.GetByTestId("key-limits")).ToContainTextAsync("30 RPM");
        var html = await page.ContentAsync();
        html.ShouldNotContain(firstKey);
        html.ShouldNotContain(secondKey);

        // Activity before any request: the empty state shows how to send one
        var activityExists = await ExistsAsync("/me/activity?limit=1", firstKey);
        if (!activityExists) console.Expect("/me/activity", 404);
        await page.GetByTestId("nav-activity").ClickAsync();
        await Expect(page.GetByTestId("activity-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("curl-example")).ToContainTextAsync("/v1/chat/completions");

        // a chat completion with the new key appears without a reload, with its cost
        var (chat, _) = await gateway.Client.CompleteAsync(secondKey);
        chat.StatusCode.ShouldBe(HttpStatusCode.OK);
        if (activityExists)
        {
            var row = page.GetByTestId("activity-row").First;
            await Expect(row.GetByTestId("activity-status")).ToHaveTextAsync("200");
            await Expect(row.GetByTestId("activity-model")).ToHaveTextAsync("gpt-5.1");
            await Expect(row.GetByTestId("activity-cost-row")).ToHaveTextAsync(new Regex(@"^€\d+\.\d{4}$"));
            await Expect(row.GetByTestId("activity-latency")).ToContainTextAsync("ms");
        }
        else
        {
            await Expect(page.GetByTestId("activity-empty")).ToContainTextAsync("not available on this gateway yet");
        }
        await page.ScreenshotAsync(new() { Path = Shot("activity"), FullPage = true });

        // Usage: charts when the read model answers, an empty state when it does not
        var usageExists = await ExistsAsync("/me/usage?group_by=day", firstKey);
        if (!usageExists) console.Expect("/me/usage", 404);
        await page.GetByTestId("nav-usage").ClickAsync();
        if (usageExists)
        {
            await Expect(page.Locator("svg[data-testid=chart-requests]")).ToBeVisibleAsync();
            await Expect(page.Locator("svg[data-testid=chart-models]")).ToContainTextAsync("gpt-5.1");
        }
        else
        {
            await Expect(page.GetByTestId("usage-empty")).ToContainTextAsync("not available");
        }
        await page.ScreenshotAsync(new() { Path = Shot("usage"), FullPage = true });

        // a budget on the key: the bar shows what it has spent of it
        await page.GetByTestId("nav-keys").ClickAsync();
        await ci.GetByTestId("key-edit").ClickAsync();
        await page.GetByTestId("edit-budget").FillAsync("50");
        await page.GetByTestId("edit-period").SelectOptionAsync("day");
        await page.GetByTestId("edit-submit").ClickAsync();
        await Expect(page.GetByTestId("edit-dialog")).ToBeHiddenAsync();
        await Expect(ci.GetByTestId("key-budget")).ToHaveTextAsync("€50/day");
        await Expect(ci.GetByTestId("key-spend-bar")).ToBeVisibleAsync();
        await Expect(ci.GetByTestId("key-spent")).ToHaveTextAsync(new Regex(@"^€0\.\d{4} of €50 today$"));
        decimal.Parse(await ci.GetByTestId("key-spend-bar").GetAttributeAsync("aria-valuenow") ?? "0",
            System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0m);

        // someone else edits the key meanwhile: the save is refused with 412 and the form reloads
        console.Expect("/me/keys/", 412);
        await ci.GetByTestId("key-edit").ClickAsync();
        var keyId = await ci.GetAttributeAsync("data-key-id");
        (await gateway.Client.SendJsonAsync(HttpMethod.Patch, $"/me/keys/{keyId}", new { rpm_limit = 40 }, firstKey)).Response.IsSuccessStatusCode.ShouldBeTrue();
        await page.GetByTestId("edit-daily").FillAsync("600");
        await page.GetByTestId("edit-submit").ClickAsync();
        await Expect(page.GetByTestId("edit-error")).ToContainTextAsync("Someone else changed this key");
        await Expect(page.GetByTestId("edit-rpm")).ToHaveValueAsync("40");
        await page.GetByTestId("edit-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // disable and enable, then the audit history lists what happened
        await ci.GetByTestId("key-disable").ClickAsync();
        await Expect(ci.GetByTestId("key-status")).ToHaveTextAsync("disabled");
        await ci.GetByTestId("key-enable").ClickAsync();
        await Expect(ci.GetByTestId("key-status")).ToHaveTextAsync("active");
        await ci.GetByTestId("key-history").ClickAsync();
        await Expect(page.GetByTestId("history-row")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("history-table")).ToContainTextAsync("Key minted");
        await Expect(page.GetByTestId("history-table")).ToContainTextAsync("Key disabled");
        await page.GetByTestId("history-dialog").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = Shot("keys"), FullPage = true });

        // revoke, after confirming: the key shows as revoked and the gateway refuses it
        await ci.GetByTestId("key-revoke").ClickAsync();
        await Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("ci-pipeline");
        await page.GetByTestId("confirm-ok").ClickAsync();
        await Expect(ci.GetByTestId("key-status")).ToHaveTextAsync("revoked");
        (await gateway.Client.CompleteAsync(secondKey)).Response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // phone width: nothing spills sideways
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Expect(ci.GetByTestId("key-status")).ToHaveTextAsync("revoked");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await page.ScreenshotAsync(new() { Path = Shot("phone-keys"), FullPage = true });
        await page.GetByTestId("nav-activity").ClickAsync();
        await Expect(page.GetByTestId("page-activity")).ToBeVisibleAsync();
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await page.ScreenshotAsync(new() { Path = Shot("phone-activity"), FullPage = true });

        // signing out forgets the key
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("auth")).ToBeVisibleAsync();
        (await page.EvaluateAsync<string?>("sessionStorage.getItem('ledger.key')")).ShouldBeNull();

        console.Unexpected().ShouldBeEmpty();
    }

    private static string Shot(string name) => Path.Combine(Shots, $"dashboard-{name}.png");

    /// <summary>The usage read models are built separately; the test covers what the gateway has.</summary>
    private async Task<bool> ExistsAsync(string path, string key) =>
        (await gateway.Client.GetJsonAsync(path, key)).Response.StatusCode != HttpStatusCode.NotFound;
}
