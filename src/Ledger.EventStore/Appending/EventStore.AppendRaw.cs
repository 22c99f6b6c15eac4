using Npgsql;

namespace Ledger.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Appends inside the caller's transaction without running the inline projections, for a caller
    /// that has already folded these events into the read model it writes in the same transaction
    /// (admission decides against rows it holds locked and saves them itself).
    /// </summary>
    public Task<IReadOnlyList<AppendResult>> AppendPreProjectedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StreamAppend> appends, CancellationToken ct = default) =>
        AppendBatch.ExecuteAsync(connection, transaction, appends, registry, ct);
}
