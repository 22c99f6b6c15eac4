using Ledger.EventStore;

namespace Ledger.Projections.Admission;

/// <summary>A request waiting in its shard's queue for the writer.</summary>
internal abstract record QueuedWork
{
    /// <summary>The span that queued it (its admission or settlement), when the node traces.</summary>
    public System.Diagnostics.Activity? Span { get; } = System.Diagnostics.Activity.Current;
}

internal sealed record QueuedAdmission(AdmissionTicket Ticket, TaskCompletionSource<AdmissionResult> Done) : QueuedWork;

/// <summary>Done completes once the settlement is on disk.</summary>
internal sealed record QueuedSettlement(ChainedEvent Event, Guid OrgId, Guid KeyId, TaskCompletionSource Done) : QueuedWork;
