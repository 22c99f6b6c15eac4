using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Orgs;

namespace Ledger.Domain.Keys;

/// <summary>
/// The plain key shown once: "br-" (or "br-trial-") and 192 random bits in base64url. Only its
/// SHA-256 is stored; the first <see cref="PrefixLength"/> characters are kept for display.
/// </summary>
public sealed record KeySecret(string Plain, string Hash, string Prefix)
{
    public const int PrefixLength = 12;
    private const int EntropyBytes = 24;

    public static KeySecret Create(OrgTier tier)
    {
        var plain = (tier == OrgTier.Trial ? "br-trial-" : "br-") + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(EntropyBytes));
        return new KeySecret(plain, HashOf(plain), plain[..PrefixLength]);
    }

    public static string HashOf(string plain) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));
}
