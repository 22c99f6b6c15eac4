using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Projections.Admission;

/// <summary>What folding events into admission rows asks to write.</summary>
public sealed record RowChanges(IReadOnlyList<OrgAdmission> Orgs, IReadOnlyList<KeyAdmission> Keys);

/// <summary>
/// Admission rows folded forward one event at a time, in place, remembering which changed.
/// </summary>
public sealed class RowFold(Dictionary<Guid, OrgAdmission> orgs, Dictionary<Guid, KeyAdmission> keys, AdmissionPolicy policy)
{
    private readonly HashSet<Guid> _changedOrgs = [];
    private readonly HashSet<Guid> _changedKeys = [];

    public void Apply(object data, DateTimeOffset at)
    {
        var (orgId, keyId) = AdmissionProjection.Touches(data);
        if (orgId is not Guid o) return;
        var org = AdmissionEvolve.Org(orgs.GetValueOrDefault(o), data, at);
        if (org is null) return;
        if (!ReferenceEquals(org, orgs.GetValueOrDefault(o))) { orgs[o] = org; _changedOrgs.Add(o); }
        if (keyId is Guid k)
        {
            var key = AdmissionEvolve.Key(keys.GetValueOrDefault(k), org, data, at, policy);
            if (key is not null && !ReferenceEquals(key, keys.GetValueOrDefault(k))) { keys[k] = key; _changedKeys.Add(k); }
        }
    }

    public RowChanges Changes() => new(_changedOrgs.Select(id => orgs[id]).ToList(), _changedKeys.Select(id => keys[id]).ToList());
}

/// <summary>
/// Keeps the admission rows in step with the events, inside the append transaction: whatever the
/// ledger says, admission enforces at once, on every node.
/// </summary>
public sealed class AdmissionProjection(AdmissionPolicy policy) : IInlineProjection
{
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var (orgIds, keyIds) = (new HashSet<Guid>(), new HashSet<Guid>());
        foreach (var e in events)
        {
            var (orgId, keyId) = Touches(e.Data);
            if (orgId is Guid o) orgIds.Add(o);
            if (keyId is Guid k) keyIds.Add(k);
        }
        if (orgIds.Count == 0) return;
        var rows = await AdmissionRowStore.LockAsync(connection, transaction, orgIds, keyIds, ct);
        var fold = new RowFold(rows.Orgs, rows.Keys, policy);
        foreach (var e in events) fold.Apply(e.Data, e.OccurredAt);
        await AdmissionRowStore.SaveAsync(connection, transaction, fold.Changes(), ct);
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
