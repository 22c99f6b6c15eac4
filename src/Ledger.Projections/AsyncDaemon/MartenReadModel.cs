using JasperFx.Events;
using JasperFx.Events.Projections;
using Ledger.EventStore;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace Ledger.Projections.AsyncDaemon;

/// <summary>
/// Runs an <see cref="IAsyncProjection"/> as a Marten custom projection under Marten's async daemon.
/// Marten hands <see cref="ApplyAsync"/> a page of events while it builds the page's update batch, on no
/// connection of ours; the projection's SQL instead runs as a transaction participant of that batch:
/// after the batch's own statements (the progression update, which only moves the projection's row
/// from this page's floor to its ceiling) and before the commit, on the batch's connection and
/// transaction. So the read model and the progression commit together (exactly once), and what the
/// projection reads there (<c>OrgBooks</c>) is the state every earlier page committed: the progression
/// update waits on the previous page's row lock, and each later statement takes a fresh snapshot.
/// </summary>
public sealed class MartenReadModel : ProjectionBase, IProjection
{
    private readonly IAsyncProjection _projection;

    /// <param name="tables">Emptied by Marten before it rebuilds the projection (what <see cref="IAsyncProjection.ResetAsync"/> truncates).</param>
    public MartenReadModel(IAsyncProjection projection, IReadOnlyList<string> tables)
    {
        _projection = projection;
        Name = projection.Name;
        Lifecycle = ProjectionLifecycle.Async;
        Tables = tables;
        foreach (var table in tables)
            Options.DeleteDataInTableOnTeardown(table);
    }

    public IReadOnlyList<string> Tables { get; }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (operations is not ITransactionParticipantRegistrar batch)
            throw new NotSupportedException(
                $"Projection '{Name}' writes SQL in the daemon's batch transaction and runs only under Marten's async daemon, not inline (got {operations.GetType().Name}).");
        // mapped now, so a malformed header fails while Marten builds the batch, before any SQL ran
        batch.AddTransactionParticipant(new Apply(_projection, events.Select(MartenEvents.ToRecorded).ToList()));
        return Task.CompletedTask;
    }

    private sealed class Apply(IAsyncProjection projection, IReadOnlyList<RecordedEvent> events) : ITransactionParticipant
    {
        public Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token) =>
            projection.ApplyAsync(connection, transaction, events, token);
    }
}
