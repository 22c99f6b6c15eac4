namespace Ledger.EventStore;

/// <param name="LatestSeq">The seq of the newest stored event (0 when there are none).</param>
/// <param name="EventsBehind">Stored events after the checkpoint.</param>
/// <param name="SecondsBehind">Now minus occurred_at of the oldest unprocessed event; 0 when caught up.</param>
/// <param name="State">"running" or "paused".</param>
/// <param name="LeaderNode">The node holding the projection's lock, if any node does.</param>
public sealed record ProjectionStatus(
    string Name,
    Checkpoint Checkpoint,
    long LatestSeq,
    long EventsBehind,
    double SecondsBehind,
    string State,
    string? Error,
    string? LeaderNode);
