using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Routing;

/// <summary>A provider stream whose first chunk was already read (so failover was still possible), replayed first.</summary>
internal sealed class PeekedStream : IChatStream
{
    private readonly IChatStream _inner;
    private readonly IAsyncEnumerator<JsonObject> _chunks;
    private readonly JsonObject? _first;
    private readonly CancellationTokenSource _cts;
    private readonly ProviderHealth _health;

    private PeekedStream(IChatStream inner, IAsyncEnumerator<JsonObject> chunks, JsonObject? first, CancellationTokenSource cts, ProviderHealth health) =>
        (_inner, _chunks, _first, _cts, _health) = (inner, chunks, first, cts, health);

    /// <param name="attemptCt">The attempt's token (its timeout): it bounds opening and the first chunk only, never the rest of the stream.</param>
    public static async Task<PeekedStream> OpenAsync(IChatProvider provider, ChatRequest r, ProviderHealth health, CancellationToken attemptCt, CancellationToken ct)
    {
        // The enumeration outlives this call; its own source lets the reader's token cancel it later.
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        IChatStream? inner = null;
        IAsyncEnumerator<JsonObject>? chunks = null;
        try
        {
            await using (attemptCt.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cts))
            {
                inner = await provider.OpenStreamAsync(r, cts.Token);
                chunks = inner.ReadChunksAsync(cts.Token).GetAsyncEnumerator(cts.Token);
                var first = await chunks.MoveNextAsync() ? chunks.Current : null;
                return new PeekedStream(inner, chunks, first, cts, health);
            }
        }
        catch
        {
            if (chunks is not null) await chunks.DisposeAsync();
            if (inner is not null) await inner.DisposeAsync();
            cts.Dispose();
            throw;
        }
    }

    public TokenUsage? Usage => _inner.Usage;

    public async IAsyncEnumerable<JsonObject> ReadChunksAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var link = ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts);
        if (_first is null)
            yield break;
        yield return _first;
        while (true)
        {
            bool more;
            try
            {
                more = await _chunks.MoveNextAsync();
            }
            catch (ProviderException e) when (e.Retryable)
            {
                // Too late to fail over, but the provider's error rate should still hear about it. Not its breaker: the
                // attempt already counted there as answered, and a failure ratio of 1 would never open on these.
                _health.Failed(null);
                throw;
            }
            if (!more)
                yield break;
            yield return _chunks.Current;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _chunks.DisposeAsync();
        await _inner.DisposeAsync();
        _cts.Dispose();
    }
}
