using Ledger.EventStore;

namespace Ledger.Projections.Admission;

/// <summary>A request waiting in its shard's queue for the writer.</summary>
internal abstract record QueuedWork
{
    /// <summary>
    /// The span that queued it (its admission or settlement), when the node traces. Only a recorded one:
    /// untraced, Activity.Current is still ASP.NET Core's per-request activity, which nothing exports.
    /// </summary>
    public System.Diagnostics.Activity? Span { get; } = System.Diagnostics.Activity.Current is { Recorded: true } span ? span : null;
}

internal sealed record QueuedAdmission(AdmissionTicket Ticket, TaskCompletionSource<AdmissionResult> Done) : QueuedWork;

/// <summary>Done completes once the settlement is on disk.</summary>
internal sealed record QueuedSettlement(ChainedEvent Event, Guid OrgId, Guid KeyId, TaskCompletionSource Done) : QueuedWork;
