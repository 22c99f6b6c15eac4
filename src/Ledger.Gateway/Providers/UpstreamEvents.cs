using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers;

/// <summary>
/// An accepted streaming response. The provider timeout is an idle timeout here: each event must arrive within
/// it, so a long answer is never cut off while a stalled upstream still fails (and, before the first chunk, fails over).
/// </summary>
internal sealed class UpstreamEvents : IAsyncDisposable
{
    private readonly UpstreamClient _client;
    private readonly HttpResponseMessage _response;
    private readonly SseReader _sse;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationToken _openCt;

    private UpstreamEvents(UpstreamClient client, HttpResponseMessage response, Stream body, CancellationTokenSource idle, CancellationToken openCt)
    {
        (_client, _response, _idle, _openCt) = (client, response, idle, openCt);
        _sse = new SseReader(body);
    }

    public static async Task<UpstreamEvents> OpenAsync<TState>(
        UpstreamClient client, TState state, Action<Utf8JsonWriter, TState> write, CancellationToken ct)
    {
        var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(client.Timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await client.PostAsync(state, write, idle.Token, ct);
            var body = await response.Content.ReadAsStreamAsync(idle.Token);
            return new UpstreamEvents(client, response, body, idle, ct);
        }
        catch (Exception e)
        {
            response?.Dispose();
            idle.Dispose();
            if (client.Map(e, ct.IsCancellationRequested) is { } failure)
                throw failure;
            throw;
        }
    }

    /// <summary>Lets the reader's own token cancel pending reads too; dispose the registration when reading ends.</summary>
    public CancellationTokenRegistration Link(CancellationToken readCt) =>
        readCt.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _idle);

    public async ValueTask<JsonObject?> NextAsync(CancellationToken readCt)
    {
        _idle.CancelAfter(_client.Timeout);
        try
        {
            return await _sse.NextAsync(_idle.Token);
        }
        catch (Exception e) when (_client.Map(e, readCt.IsCancellationRequested || _openCt.IsCancellationRequested) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>An upstream "error" event inside a 200 stream (Anthropic's overloaded_error): retryable server trouble.</summary>
    public ProviderException StreamError(string message) => new(_client.Options.Name, ProviderFailure.ServerError, message);

    public async ValueTask DisposeAsync()
    {
        await _sse.DisposeAsync();
        _response.Dispose();
        _idle.Dispose();
    }
}
