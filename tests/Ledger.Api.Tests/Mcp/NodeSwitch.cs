using Alba;

namespace Ledger.Api.Tests.Mcp;

/// <summary>
/// A load balancer without sticky sessions that the test steers: every request goes to the current node, and
/// each node's share is counted so a test can show which node answered.
/// </summary>
public sealed class NodeSwitch(IAlbaHost first) : HttpMessageHandler
{
    private readonly Dictionary<IAlbaHost, int> _sent = [];
    private IAlbaHost _current = first;

    public void MoveTo(IAlbaHost node) => _current = node;

    public int SentTo(IAlbaHost node) { lock (_sent) return _sent.GetValueOrDefault(node); }

    public HttpClient Client() => new(this, disposeHandler: false) { BaseAddress = new Uri("http://localhost/") };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var node = _current;
        lock (_sent) _sent[node] = _sent.GetValueOrDefault(node) + 1;
        return new HttpMessageInvoker(node.Server.CreateHandler(), disposeHandler: false).SendAsync(request, ct);
    }
}
