using System.Collections.ObjectModel;
using System.Diagnostics;
using Ledger.Gateway;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// The in-memory exporter's collection, safe to read while spans end on other threads. ASP.NET Core's, HttpClient's
/// and Npgsql's sources are listened to by name, process-wide: spans of other tests' nodes land here too, so a test
/// finds its own by trace.
/// </summary>
public sealed class RecordedSpans : Collection<Activity>
{
    private readonly Lock _lock = new();

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock) base.InsertItem(index, item);
    }

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock) return [.. Items];
    }

    /// <summary>The gateway's request spans of one org, waited for: a span ends as the response goes out.</summary>
    public async Task<IReadOnlyList<Activity>> ChatsOfAsync(Guid orgId, int count)
    {
        var chats = await Wait.ForAsync(() => Task.FromResult(Chats(orgId)), found => found.Count >= count);
        chats.Count.ShouldBe(count);
        return chats;
    }

    /// <summary>Waits until the spans recorded so far satisfy <paramref name="done"/>; the last look either way.</summary>
    public Task<IReadOnlyList<Activity>> WhenAsync(Func<IReadOnlyList<Activity>, bool> done) =>
        Wait.ForAsync(() => Task.FromResult(Snapshot()), done);

    private List<Activity> Chats(Guid orgId) =>
        [.. Snapshot().Where(s => s.Source.Name == GatewayTracing.SourceName && s.OperationName.StartsWith("chat ")
            && (string?)s.GetTagItem(GatewayTracing.Tags.OrgId) == orgId.ToString()).OrderBy(s => s.StartTimeUtc)];

    public IReadOnlyList<Activity> ChildrenOf(Activity parent) =>
        [.. Snapshot().Where(s => s.TraceId == parent.TraceId && s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc)];

    public IReadOnlyList<Activity> TraceOf(Activity span) => [.. Snapshot().Where(s => s.TraceId == span.TraceId)];
}
