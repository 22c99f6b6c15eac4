using System.Collections.Concurrent;
using Ledger.Api.Hosting;
using Ledger.Api.Keys;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.Http;

/// <summary>
/// Secrets that matched no key, remembered for a few seconds, so a client retrying a wrong key (or
/// someone trying many) is refused before the request writer: an unknown key in a batch would send
/// the whole batch down the writer's slower locked path. A key minted on this node is forgotten here
/// at once; another node's mint cannot be in any node's list, since nobody can present a secret
/// before it is drawn, and an entry lives only <see cref="LedgerOptions.UnknownKeyCacheSeconds"/> anyway.
/// </summary>
public sealed class UnknownKeyCache(NpgsqlDataSource db, TimeProvider clock, IOptions<LedgerOptions> options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new();
    private readonly TimeSpan _for = TimeSpan.FromSeconds(options.Value.UnknownKeyCacheSeconds);
    private readonly int _size = options.Value.UnknownKeyCacheSize;

    /// <summary>True when no key has this hash: remembered, or asked of the database (and then remembered).</summary>
    public async Task<bool> MatchesNoKeyAsync(string keyHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_until.TryGetValue(keyHash, out var until) && until > now) return true;
        if (await KeyRows.ByHashAsync(db, keyHash, ct) is not null)
        {
            _until.TryRemove(keyHash, out _);
            return false;
        }
        if (_for > TimeSpan.Zero) Remember(keyHash, now + _for, now);
        return true;
    }

    /// <summary>A key with this hash has just been minted.</summary>
    public void Forget(string keyHash) => _until.TryRemove(keyHash, out _);

    private void Remember(string keyHash, DateTimeOffset until, DateTimeOffset now)
    {
        if (_until.Count >= _size)
        {
            foreach (var (hash, at) in _until)
                if (at <= now) _until.TryRemove(hash, out _);
            // still full of live entries (many different wrong keys at once): start over rather than grow
            if (_until.Count >= _size) _until.Clear();
        }
        _until[keyHash] = until;
    }
}
