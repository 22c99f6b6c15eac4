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
public sealed class AdmissionProjection(AdmissionPolicy policy) : IInlineProjection
{
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var relevant = events.Where(e => Touches(e.Data) is not (null, null)).ToList();
        if (relevant.Count == 0) return;

        var orgIds = relevant.Select(e => Touches(e.Data).OrgId).OfType<Guid>().ToHashSet();
        var keyIds = relevant.Select(e => Touches(e.Data).KeyId).OfType<Guid>().ToHashSet();
        var (orgs, keys) = await AdmissionRowStore.LockAsync(connection, transaction, orgIds, keyIds, ct);
        var changedOrgs = new HashSet<Guid>();
        var changedKeys = new HashSet<Guid>();

        foreach (var e in relevant)
        {
            var (orgId, keyId) = Touches(e.Data);
            if (orgId is not Guid o) continue;
            var org = AdmissionEvolve.Org(orgs.GetValueOrDefault(o), e.Data, e.OccurredAt);
            if (org is null) continue;
            if (!ReferenceEquals(org, orgs.GetValueOrDefault(o))) { orgs[o] = org; changedOrgs.Add(o); }
            if (keyId is not Guid k) continue;
            var key = AdmissionEvolve.Key(keys.GetValueOrDefault(k), org, e.Data, e.OccurredAt, policy);
            if (key is not null && !ReferenceEquals(key, keys.GetValueOrDefault(k))) { keys[k] = key; changedKeys.Add(k); }
        }

        await AdmissionRowStore.SaveAsync(connection, transaction,
            changedOrgs.Select(id => orgs[id]), changedKeys.Select(id => keys[id]),
            relevant.Where(e => e.Data is RequestAdmitted).Select(e => ((RequestAdmitted)e.Data, e.OccurredAt)),
            relevant.Select(e => e.Data switch { RequestCompleted c => c.RequestId, ReservationExpired x => x.RequestId, _ => Guid.Empty })
                .Where(id => id != Guid.Empty),
            ct);
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
