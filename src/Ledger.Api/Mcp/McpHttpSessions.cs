using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using ModelContextProtocol.Server;

namespace Ledger.Api.Mcp;

/// <summary>One streamable-HTTP session: the SDK's server running over the SDK's HTTP server transport.</summary>
public sealed class McpHttpSession(string id, Guid keyId, StreamableHttpServerTransport transport, McpServer server, TimeProvider clock)
    : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public string Id { get; } = id;
    /// <summary>The key that opened the session; only that key may use it.</summary>
    public Guid KeyId { get; } = keyId;
    public StreamableHttpServerTransport Transport { get; } = transport;
    public DateTimeOffset LastSeen { get; private set; } = clock.GetUtcNow();

    public void Start() => _run = server.RunAsync(_stop.Token);
    public void Touch() => LastSeen = clock.GetUtcNow();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Transport.DisposeAsync();
        try { await _run; } catch (OperationCanceledException) { }
        await server.DisposeAsync();
        _stop.Dispose();
    }
}

/// <summary>
/// The open MCP sessions of this gateway node. Sessions live in memory: a client whose requests reach another
/// node gets 404 for its session id and starts a new one, as the streamable-HTTP spec provides.
/// </summary>
public sealed class McpHttpSessions(IServiceProvider services, ILoggerFactory loggers, TimeProvider clock) : IAsyncDisposable
{
    /// <summary>A session unused this long is closed when the next one opens.</summary>
    private static readonly TimeSpan IdleLimit = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, McpHttpSession> _sessions = new(StringComparer.Ordinal);

    public async Task<McpHttpSession> OpenAsync(Guid keyId)
    {
        await CloseIdleAsync();
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var transport = new StreamableHttpServerTransport(loggers) { SessionId = id };
        var server = McpServer.Create(transport, LedgerMcp.Options(new McpSessionKey(keyId), services), loggers, services);
        var session = new McpHttpSession(id, keyId, transport, server, clock);
        session.Start();
        _sessions[id] = session;
        return session;
    }

    public McpHttpSession? Find(string id)
    {
        if (!_sessions.TryGetValue(id, out var session)) return null;
        session.Touch();
        return session;
    }

    public async Task<bool> CloseAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session)) return false;
        await session.DisposeAsync();
        return true;
    }

    private async Task CloseIdleAsync()
    {
        var cutoff = clock.GetUtcNow() - IdleLimit;
        foreach (var idle in _sessions.Values.Where(s => s.LastSeen < cutoff).ToList())
            await CloseAsync(idle.Id);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _sessions.Keys.ToList()) await CloseAsync(id);
    }
}
