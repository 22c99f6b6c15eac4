namespace Ledger.EventStore;

public sealed record ProjectionDaemonOptions
{
    /// <summary>Shown in status and in the dedicated connections' application_name.</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>Fallback when a notification is missed; also how soon a dead connection is noticed.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; init; } = 1000;

    /// <summary>How often a node that is not leading a projection tries to take it over.</summary>
    public TimeSpan LockRetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
