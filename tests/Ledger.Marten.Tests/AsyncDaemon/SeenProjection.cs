using Ledger.Domain.Requests;
using Ledger.EventStore;
using Ledger.Projections.AsyncDaemon;
using Marten;
using Npgsql;

namespace Ledger.Marten.Tests.AsyncDaemon;

/// <summary>
/// A read model that records every event it is given, once: the primary key refuses an event applied
/// twice, so a test reading it sees a skipped event as a hole and a repeated one as a failure. While
/// <see cref="Poison"/> is set it fails on that request's events, as a bug in a projection would.
/// </summary>
public sealed class SeenProjection : IAsyncProjection
{
    public const string Table = "seen";

    public string Name => "seen";
    public volatile string? Poison;

    public static string Schema => $"create table if not exists {Table} (seq bigint primary key, stream text not null, actor text not null)";

    public Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        new NpgsqlCommand($"truncate {Table}", connection, transaction).ExecuteNonQueryAsync(ct);

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"insert into {Table} (seq, stream, actor) select * from unnest($1::bigint[], $2::text[], $3::text[])", connection, transaction);
        command.Parameters.Add(new() { Value = events.Select(e => e.Seq).ToArray() });
        command.Parameters.Add(new() { Value = events.Select(e => e.StreamId).ToArray() });
        command.Parameters.Add(new() { Value = events.Select(e => e.Metadata.Actor).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
        // after the insert: what a failure rolls back includes this batch's own writes
        if (Poison is { } poison && events.Any(e => e.StreamId == poison))
            throw new InvalidOperationException($"cannot project request stream {poison}");
    }

    /// <summary>A store as Ledger configures it with only this read model, its table created.</summary>
    public static async Task<DocumentStore> StoreAsync(string connectionString, SeenProjection projection, Action<StoreOptions>? adjust = null)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            LedgerMarten.Configure(options);
            MartenReadModels.ConfigureDaemon(options);
            options.Projections.Add(new MartenReadModel(projection, [Table]), JasperFx.Events.Projections.ProjectionLifecycle.Async);
            options.Projections.LeadershipPollingTime = 200;
            adjust?.Invoke(options);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(Schema, connection).ExecuteNonQueryAsync();
        return store;
    }

    /// <summary><paramref name="count"/> admitted requests, each a new stream, as rows for SetBasedAppend.</summary>
    public static List<EventRow> Requests(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var id = Guid.NewGuid();
        return new EventRow(Ledger.Domain.Streams.Request(id), 1, Guid.NewGuid(),
            new RequestAdmitted(id, Guid.NewGuid(), Guid.NewGuid(), "gpt-4o-mini", Ledger.Domain.Orgs.OrgTier.Standard, false, 100, 256, 0.01m, "EUR"),
            DateTimeOffset.UtcNow, Guid.NewGuid().ToString());
    }).ToList();
}
