using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>
/// Keeps the admission rows in step with the events, inside the append transaction: whatever the
/// ledger says, admission enforces at once, on every node.
/// </summary>
/// <summary>What folding events into admission rows asks to write.</summary>
public sealed record RowChanges(
    IReadOnlyList<OrgAdmission> Orgs, IReadOnlyList<KeyAdmission> Keys,
    IReadOnlyList<(RequestAdmitted Admitted, DateTimeOffset At)> Opened, IReadOnlyList<Guid> Settled);

public sealed class AdmissionProjection(AdmissionPolicy policy) : IInlineProjection
{
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var facts = events.Select(e => (e.Data, e.OccurredAt)).Where(f => Touches(f.Data) is not (null, null)).ToList();
        if (facts.Count == 0) return;
        var (orgs, keys) = await AdmissionRowStore.LockAsync(connection, transaction,
            facts.Select(f => Touches(f.Data).OrgId).OfType<Guid>().ToHashSet(), facts.Select(f => Touches(f.Data).KeyId).OfType<Guid>().ToHashSet(), ct);
        await AdmissionRowStore.SaveAsync(connection, transaction, Fold(orgs, keys, facts, policy), ct);
    }

    /// <summary>
    /// Folds events (with their occurred-at) into rows the caller holds locked, and says what to write:
    /// the rows that changed, reservations to open and reservations settled.
    /// </summary>
    public static RowChanges Fold(Dictionary<Guid, OrgAdmission> orgs, Dictionary<Guid, KeyAdmission> keys,
        IEnumerable<(object Data, DateTimeOffset At)> facts, AdmissionPolicy policy)
    {
        var changedOrgs = new HashSet<Guid>();
        var changedKeys = new HashSet<Guid>();
        var opened = new List<(RequestAdmitted, DateTimeOffset)>();
        var settled = new List<Guid>();
        foreach (var (data, at) in facts)
        {
            var (orgId, keyId) = Touches(data);
            if (orgId is not Guid o) continue;
            var org = AdmissionEvolve.Org(orgs.GetValueOrDefault(o), data, at);
            if (org is null) continue;
            if (!ReferenceEquals(org, orgs.GetValueOrDefault(o))) { orgs[o] = org; changedOrgs.Add(o); }
            if (keyId is Guid k)
            {
                var key = AdmissionEvolve.Key(keys.GetValueOrDefault(k), org, data, at, policy);
                if (key is not null && !ReferenceEquals(key, keys.GetValueOrDefault(k))) { keys[k] = key; changedKeys.Add(k); }
            }
            switch (data)
            {
                case RequestAdmitted a: opened.Add((a, at)); break;
                case RequestCompleted c: settled.Add(c.RequestId); break;
                case ReservationExpired x: settled.Add(x.RequestId); break;
            }
        }
        return new RowChanges(changedOrgs.Select(id => orgs[id]).ToList(), changedKeys.Select(id => keys[id]).ToList(), opened, settled);
    }

    /// <summary>Which admission rows an event changes.</summary>
    public static (Guid? OrgId, Guid? KeyId) Touches(object e) => e switch
    {
        OrgSignedUp x => (x.OrgId, null),
        SignupCreditClaimed x => (x.OrgId, null),
        PaymentRecorded x => (x.OrgId, null),
        PlanChanged x => (x.OrgId, null),
        KeyMinted x => (x.OrgId, x.KeyId),
        KeyUpdated x => (x.OrgId, x.KeyId),
        KeyDisabled x => (x.OrgId, x.KeyId),
        KeyEnabled x => (x.OrgId, x.KeyId),
        KeyRevoked x => (x.OrgId, x.KeyId),
        RequestAdmitted x => (x.OrgId, x.KeyId),
        RequestCompleted x => (x.OrgId, x.KeyId),
        ReservationExpired x => (x.OrgId, x.KeyId),
        _ => (null, null),
    };
}
