namespace Ledger.Api.Inference;

/// <summary>
/// Keeps a provider's stream read after the client hangs up: the provider bills the whole answer whether anyone
/// listens or not, and only its final usage chunk says how much that was. The read is bounded once the client
/// is gone: by a deadline (the provider's timeout, from the hang-up), and by the reservation's output tokens,
/// counted as content chunks (each carries at least one token, so an honest stream stays within that).
/// </summary>
internal sealed class HangUpDrain : IDisposable
{
    // the role, finish and usage chunks carry no content tokens
    private const int FramingChunks = 8;

    private readonly CancellationToken _client;
    private readonly CancellationTokenSource _read = new();
    private readonly CancellationTokenRegistration _onHangUp;
    private readonly int _maxChunks;
    private int _chunks;

    public HangUpDrain(CancellationToken client, TimeSpan deadline, int maxOutputTokens)
    {
        (_client, _maxChunks) = (client, maxOutputTokens + FramingChunks);
        _onHangUp = client.UnsafeRegister(static s =>
        {
            var (read, after) = ((CancellationTokenSource, TimeSpan))s!;
            read.CancelAfter(after);
        }, (_read, deadline));
    }

    /// <summary>For reading the provider: cancelled only when the deadline after a hang-up passes.</summary>
    public CancellationToken Token => _read.Token;

    public bool ClientGone => _client.IsCancellationRequested;

    /// <summary>Counts a chunk read; false once a client-less stream runs past what the reservation allows.</summary>
    public bool Counted() => ++_chunks <= _maxChunks || !ClientGone;

    public void Dispose()
    {
        // the registration first: its callback must not touch a disposed source
        _onHangUp.Dispose();
        _read.Dispose();
    }
}
