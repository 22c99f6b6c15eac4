using System.Collections.Concurrent;
using Ledger.Domain.Admission;

namespace Ledger.Projections.Admission;

/// <summary>
/// Admission rows as this node last read or wrote them, with their versions. Deciding against them
/// is a guess the save checks: it fails if any row has moved since (a write on another
/// node, a key revoked or a payment recorded), and the batch is then decided again against rows
/// read under lock. On one node, nothing else writes the rows of requests, so the guess holds and
/// a batch costs one round trip instead of two.
/// </summary>
internal sealed class AdmissionRowCache(int capacity)
{
    private readonly ConcurrentDictionary<Guid, (OrgAdmission Row, long Version)> _orgs = new();
    private readonly ConcurrentDictionary<Guid, (KeyAdmission Row, long Version)> _keys = new();
    private readonly ConcurrentDictionary<string, Guid> _keyOfHash = new();

    /// <summary>The org a presented key belongs to, when this node has seen the key.</summary>
    public Guid? OrgOfKey(string keyHash) =>
        _keyOfHash.TryGetValue(keyHash, out var keyId) && _keys.TryGetValue(keyId, out var key) ? key.Row.OrgId : null;

    /// <summary>Every row behind the hashes and ids (each key's org included), or null if any is not cached.</summary>
    public AdmissionRowSet? Get(IEnumerable<string> hashes, IEnumerable<Guid> orgIds, IEnumerable<Guid> keyIds)
    {
        var rows = new AdmissionRowSet();
        foreach (var hash in hashes)
            if (!_keyOfHash.TryGetValue(hash, out var keyId) || !TryAddKey(rows, keyId)) return null;
        foreach (var keyId in keyIds)
            if (!TryAddKey(rows, keyId)) return null;
        foreach (var orgId in orgIds.Concat(rows.Keys.Values.Select(k => k.OrgId)))
        {
            if (rows.Orgs.ContainsKey(orgId)) continue;
            if (!_orgs.TryGetValue(orgId, out var org)) return null;
            (rows.Orgs[orgId], rows.OrgVersions[orgId]) = org;
        }
        return rows;
    }

    private bool TryAddKey(AdmissionRowSet rows, Guid keyId)
    {
        if (rows.Keys.ContainsKey(keyId)) return true;
        if (!_keys.TryGetValue(keyId, out var key)) return false;
        (rows.Keys[keyId], rows.KeyVersions[keyId]) = key;
        return true;
    }

    /// <summary>After a commit: the rows as they now stand, each changed one a version further.</summary>
    public void Put(AdmissionRowSet rows, RowChanges changes)
    {
        if (_keys.Count > capacity) Clear();
        var changedOrgs = changes.Orgs.Select(o => o.OrgId).ToHashSet();
        var changedKeys = changes.Keys.Select(k => k.KeyId).ToHashSet();
        foreach (var (id, version) in rows.OrgVersions)
            Keep(_orgs, id, (rows.Orgs[id], changedOrgs.Contains(id) ? version + 1 : version));
        foreach (var (id, version) in rows.KeyVersions)
        {
            var key = rows.Keys[id];
            Keep(_keys, id, (key, changedKeys.Contains(id) ? version + 1 : version));
            _keyOfHash[key.KeyHash] = id;
        }
    }

    public void Forget(AdmissionRowSet rows)
    {
        foreach (var id in rows.OrgVersions.Keys) _orgs.TryRemove(id, out _);
        foreach (var id in rows.KeyVersions.Keys) _keys.TryRemove(id, out _);
    }

    // two writers may put the same row (a key's first request lands on another shard): the newer version wins
    private static void Keep<T>(ConcurrentDictionary<Guid, (T Row, long Version)> rows, Guid id, (T Row, long Version) value) =>
        rows.AddOrUpdate(id, value, (_, old) => value.Version >= old.Version ? value : old);

    private void Clear()
    {
        _orgs.Clear();
        _keys.Clear();
        _keyOfHash.Clear();
    }
}
