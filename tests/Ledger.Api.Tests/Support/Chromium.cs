using Microsoft.Playwright;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright. The browser is never downloaded: the executable is the
/// distribution's binary, and the Playwright driver is the one the NuGet package copies to the output.
/// </summary>
public static class Chromium
{
    public static string ExecutablePath()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists) ?? "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException("Chromium is not installed: apt-get install -y chromium (scripts/test.sh does it).");
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
}
