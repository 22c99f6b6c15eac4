namespace Ledger.EventStore;

public sealed record ProjectionDaemonOptions
{
    /// <summary>Shown in status and in the dedicated connections' application_name.</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>Fallback when a notification is missed; also how soon a dead connection is noticed.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; init; } = 1000;

    /// <summary>
    /// After a batch smaller than <see cref="BatchSize"/>, how long a projection waits before reading
    /// again. Every batch costs a transaction of several round trips whatever its size, so waking on
    /// every commit made three projections run one or two batches per request at low rates
    /// (DaemonCostTests pins the batching). A backlog is still read back to back.
    /// </summary>
    public TimeSpan MinBatchInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a node that is not leading a projection tries to take it over.</summary>
    public TimeSpan LockRetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
