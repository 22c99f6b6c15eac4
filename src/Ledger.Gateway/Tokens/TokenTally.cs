using System.Text;

namespace Ledger.Gateway;

/// <summary>
/// Incremental token count over text that may arrive in pieces (stream deltas), so a word split across
/// two chunks is counted once. Rules: a run of letters/digits is one token per started 4 characters;
/// each punctuation mark, symbol and ideograph (Han, kana, Hangul) is one token; whitespace is free.
/// </summary>
internal struct TokenTally
{
    private const int RunesPerWordToken = 4;
    private int _tokens;
    private int _wordRunes;

    public readonly int Total => _tokens + WordTokens(_wordRunes);

    public void Add(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            switch (Classify(rune))
            {
                case Piece.Word:
                    _wordRunes++;
                    break;
                case Piece.Space:
                    EndWord();
                    break;
                default:
                    EndWord();
                    _tokens++;
                    break;
            }
        }
    }

    private void EndWord()
    {
        _tokens += WordTokens(_wordRunes);
        _wordRunes = 0;
    }

    private static int WordTokens(int runes) => (runes + RunesPerWordToken - 1) / RunesPerWordToken;

    internal enum Piece { Word, Space, Single }

    internal static Piece Classify(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune))
            return Piece.Space;
        if (IsIdeograph(rune.Value))
            return Piece.Single;
        // Combining marks belong to the letter before them (decomposed accents).
        return Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark
            ? Piece.Word
            : Piece.Single;
    }

    // Scripts without spaces between words: real tokenizers spend about one token per character.
    private static bool IsIdeograph(int v) =>
        v is >= 0x3040 and <= 0x30FF      // hiragana, katakana
            or >= 0x3400 and <= 0x4DBF    // CJK extension A
            or >= 0x4E00 and <= 0x9FFF    // CJK unified
            or >= 0xAC00 and <= 0xD7AF    // Hangul syllables
            or >= 0xF900 and <= 0xFAFF    // CJK compatibility
            or >= 0x20000 and <= 0x3FFFF; // CJK extensions B+
}
