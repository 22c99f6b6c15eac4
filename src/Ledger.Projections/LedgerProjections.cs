using Ledger.EventStore;
using Ledger.Projections.Activity;
using Ledger.Projections.Admission;
using Ledger.Projections.AsyncDaemon;
using Ledger.Projections.Invoices;
using Ledger.Projections.Usage;
using Marten;
using Npgsql;

namespace Ledger.Projections;

/// <summary>The read models Marten's async daemon keeps (admission rows are kept on the write path, not here).</summary>
public static class LedgerProjections
{
    public static IReadOnlyList<IAsyncProjection> Async { get; } =
        [new ActivityProjection(), new UsageProjection(), new InvoiceProjection(), new ReservationProjection()];

    public static IAsyncProjection? Find(string name) =>
        Async.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Each read model's position, lag and state, whichever node runs it (or none). Callers
    /// measuring projection lag under load poll this.
    /// </summary>
    public static Task<IReadOnlyList<ReadModelStatus>> StatusAsync(IDocumentStore store, CancellationToken ct = default) =>
        ReadModelStatus.ReadAsync(store, ct);

    /// <summary>
    /// The highest sequence such that every committed event at or below it is in the read model:
    /// Marten's daemon applies pages only up to its gap-safe high-water mark, in sequence order, so
    /// the projection's progression is that position. A client that wrote an event with sequence s
    /// sees its effect once the position is at least s.
    /// </summary>
    public static async Task<long> PositionAsync(NpgsqlDataSource db, string projection, CancellationToken ct = default)
    {
        // the shard's identity in Marten's progression table: one shard, "All", at version 1
        await using var command = db.CreateCommand("select last_seq_id from mt_event_progression where name = $1");
        command.Parameters.Add(new() { Value = projection + ":All" });
        return await command.ExecuteScalarAsync(ct) is long position ? position : 0;
    }
}
