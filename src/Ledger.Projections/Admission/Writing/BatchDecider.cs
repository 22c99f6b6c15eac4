using Ledger.Domain;
using Ledger.Domain.Admission;
using Ledger.Domain.Requests;
using Ledger.EventStore;

namespace Ledger.Projections.Admission;

/// <summary>
/// What a batch decided, before it is written: each admission's result (its event's hash still to
/// come), the events to append, and the rows as they stand after them.
/// </summary>
/// <param name="EventOf">Admission i's event in <paramref name="Events"/>, or -1 for a key that matches nothing (which records nothing).</param>
internal sealed record BatchPlan(
    IReadOnlyList<QueuedAdmission> Admissions, IReadOnlyList<QueuedSettlement> Settlements,
    AdmissionResult[] Results, int[] EventOf, IReadOnlyList<ChainedEvent> Events, RowChanges Changes)
{
    /// <summary>Admission i's result, with its event's hash once the events are chained.</summary>
    public AdmissionResult ResultOf(int i, byte[][] hashes) => EventOf[i] < 0 ? Results[i] : Results[i] with { Hash = hashes[EventOf[i]] };

    /// <summary>The event a committed batch surely stored, if it has any.</summary>
    public Guid? FirstEventId => Events.Count > 0 ? Events[0].Event.Id : null;
}

/// <summary>Decides a batch against its admission rows, folding them forward in memory as it goes.</summary>
internal static class BatchDecider
{
    public static BatchPlan Decide(IReadOnlyList<QueuedAdmission> admissions, IReadOnlyList<QueuedSettlement> settlements,
        AdmissionRowSet rows, AdmissionPolicy policy, TimeProvider clock)
    {
        // settlements first: they release reservations that admissions in this batch may need
        var fold = new RowFold(rows.Orgs, rows.Keys, policy);
        foreach (var s in settlements) fold.Apply(s.Event.Event.Data, s.Event.OccurredAt);
        var (results, eventOf, events) = DecideAdmissions(admissions, rows, fold, policy, clock);
        events.AddRange(settlements.Select(s => s.Event));
        return new BatchPlan(admissions, settlements, results, eventOf, events, fold.Changes());
    }

    /// <summary>Decides each admission in arrival order against rows folded forward in memory.</summary>
    private static (AdmissionResult[] Results, int[] EventOf, List<ChainedEvent> Events) DecideAdmissions(
        IReadOnlyList<QueuedAdmission> admissions, AdmissionRowSet rows, RowFold fold, AdmissionPolicy policy, TimeProvider clock)
    {
        var byHash = rows.Keys.Values.ToDictionary(k => k.KeyHash, k => k.KeyId);
        var events = new List<ChainedEvent>(admissions.Count);
        var results = new AdmissionResult[admissions.Count];
        var eventOf = new int[admissions.Count];
        for (var i = 0; i < admissions.Count; i++)
        {
            var t = admissions[i].Ticket;
            var now = clock.GetUtcNow();
            eventOf[i] = -1;
            if (!byHash.TryGetValue(t.KeyHash, out var keyId) || !rows.Orgs.TryGetValue(rows.Keys[keyId].OrgId, out var org))
            {
                results[i] = new AdmissionResult(null, null, null, now, null);
                continue;
            }
            var key = rows.Keys[keyId];
            var quote = t.Quote(org);
            var decision = AdmissionDecider.Decide(new AdmitRequest(t.RequestId, t.Model, t.Stream, t.PromptTokensEstimate, t.MaxTokens,
                quote?.WorstCase, quote?.MaxOutputTokens ?? 0, now), key, org, policy);
            results[i] = new AdmissionResult(decision, key, org, now, null);
            eventOf[i] = events.Count;
            events.Add(new ChainedEvent(Streams.Request(t.RequestId), org.OrgId, 1, null,
                new NewEvent(t.RequestId, decision.Event), new EventMetadata(t.RequestId, null, $"key:{key.KeyId}"), now));
            // folded at once, so the next ticket on this key or org sees this admission
            if (decision.Event is RequestAdmitted) fold.Apply(decision.Event, now);
        }
        return (results, eventOf, events);
    }
}
