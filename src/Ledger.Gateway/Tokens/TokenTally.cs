using System.Text;

namespace Ledger.Gateway;

/// <summary>
/// Token count over text that arrives in pieces (stream deltas). BPE merges across piece boundaries
/// (a word split over two chunks is often one token), so the pieces are joined and counted once at the end.
/// </summary>
internal sealed class TokenTally
{
    private readonly StringBuilder _text = new();

    public int Total => TokenCounter.Count(_text.ToString());

    public void Add(ReadOnlySpan<char> text) => _text.Append(text);
}
