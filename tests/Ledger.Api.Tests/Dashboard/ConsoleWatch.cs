using Microsoft.Playwright;

namespace Ledger.Api.Tests.Dashboard;

/// <summary>
/// Collects a page's console errors and uncaught exceptions. Chromium logs every HTTP error a
/// fetch receives ("Failed to load resource: … status of 412"); the test names the ones it
/// provokes on purpose, and anything else is a failure.
/// </summary>
public sealed class ConsoleWatch
{
    private readonly List<string> _errors = [];
    private readonly List<(string Path, int Status)> _expected = [];

    public ConsoleWatch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (_errors) _errors.Add($"{message.Text} @ {message.Location}");
        };
        page.PageError += (_, error) => { lock (_errors) _errors.Add($"uncaught: {error}"); };
    }

    /// <summary>An HTTP error the test causes deliberately, e.g. a stale If-Match answered 412.</summary>
    public void Expect(string path, int status) => _expected.Add((path, status));

    public IReadOnlyList<string> Unexpected()
    {
        lock (_errors)
            return _errors.Where(e => !_expected.Any(x =>
                e.StartsWith($"Failed to load resource: the server responded with a status of {x.Status}", StringComparison.Ordinal)
                && e.Contains(x.Path, StringComparison.Ordinal))).ToList();
    }
}
