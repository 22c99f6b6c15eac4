using Ledger.EventStore;
using Ledger.Projections.Activity;
using Ledger.Projections.Admission;
using Ledger.Projections.Invoices;
using Ledger.Projections.Usage;
using Npgsql;

namespace Ledger.Projections;

/// <summary>The read models the projection daemon keeps (admission rows are kept on the write path, not here).</summary>
public static class LedgerProjections
{
    public static IReadOnlyList<IAsyncProjection> Async { get; } =
        [new ActivityProjection(), new UsageProjection(), new InvoiceProjection(), new ReservationProjection()];

    public static IAsyncProjection? Find(string name) =>
        Async.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Each read model's checkpoint, lag and state, whichever node runs it (or none). Callers
    /// measuring projection lag under load poll this.
    /// </summary>
    public static Task<IReadOnlyList<ProjectionStatus>> StatusAsync(NpgsqlDataSource db, EventTypeRegistry registry, CancellationToken ct = default) =>
        new ProjectionDaemon(db, registry, Async).GetStatusAsync(ct);

    /// <summary>
    /// The highest seq such that every committed event at or below it is in the read model. The
    /// checkpoint's own seq is not that: the daemon reads in commit (tx_id) order, so an event with
    /// a lower seq from a later-committing transaction may still be waiting. A client that wrote an
    /// event with seq s sees its effect once the position is at least s.
    /// </summary>
    /// <remarks>
    /// "offset 0" keeps the planner from answering min(seq) by walking the seq index and filtering
    /// a million rows; it must range-scan (tx_id, seq) past the checkpoint, which is empty when caught up.
    /// </remarks>
    public static async Task<long> PositionAsync(NpgsqlDataSource db, string projection, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand("""
            select coalesce((select min(u.seq) - 1
                               from (select e.seq from events e where (e.tx_id, e.seq) > (c.tx_id, c.seq) offset 0) u),
                            (select max(seq) from events), 0)
              from projection_checkpoints c where c.name = $1
            """);
        command.Parameters.Add(new() { Value = projection });
        return await command.ExecuteScalarAsync(ct) is long position ? position : 0;
    }
}
