using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;

namespace Ledger.Domain.Tests.Keys;

public sealed class KeySecretTests
{
    private static byte[] Entropy(string plain, string prefix)
    {
        var body = plain[prefix.Length..];
        body.ShouldMatch("^[A-Za-z0-9_-]+$");
        var base64 = body.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }

    [Fact]
    public void a_standard_key_is_br_and_192_random_bits_in_base64url()
    {
        var secret = KeySecret.Create(OrgTier.Standard);

        secret.Plain.ShouldStartWith("br-");
        secret.Plain.ShouldNotStartWith("br-trial-");
        secret.Plain.Length.ShouldBe("br-".Length + 32);
        Entropy(secret.Plain, "br-").Length.ShouldBe(24);
    }

    [Fact]
    public void a_trial_key_is_br_trial_and_192_random_bits_in_base64url()
    {
        var secret = KeySecret.Create(OrgTier.Trial);

        secret.Plain.ShouldStartWith("br-trial-");
        secret.Plain.Length.ShouldBe("br-trial-".Length + 32);
        Entropy(secret.Plain, "br-trial-").Length.ShouldBe(24);
    }

    [Fact]
    public void the_hash_is_the_lowercase_hex_sha256_of_the_plain_key()
    {
        var secret = KeySecret.Create(OrgTier.Standard);

        secret.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret.Plain))));
        secret.Hash.ShouldMatch("^[0-9a-f]{64}$");
        KeySecret.HashOf(secret.Plain).ShouldBe(secret.Hash);
    }

    [Fact]
    public void the_hash_of_a_known_key_is_stable() =>
        KeySecret.HashOf("abc").ShouldBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    [Fact]
    public void the_prefix_is_the_first_12_characters()
    {
        var secret = KeySecret.Create(OrgTier.Trial);

        secret.Prefix.Length.ShouldBe(12);
        secret.Plain.ShouldStartWith(secret.Prefix);
    }

    [Fact]
    public void two_keys_differ_in_plain_text_hash_and_prefix()
    {
        var one = KeySecret.Create(OrgTier.Standard);
        var two = KeySecret.Create(OrgTier.Standard);

        two.Plain.ShouldNotBe(one.Plain);
        two.Hash.ShouldNotBe(one.Hash);
        two.Prefix.ShouldNotBe(one.Prefix);
    }
}
