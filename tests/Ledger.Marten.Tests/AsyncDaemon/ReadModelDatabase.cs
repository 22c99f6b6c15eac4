using System.Globalization;
using System.Text.Json;
using Ledger.EventStore;
using Ledger.Projections;
using Ledger.Projections.AsyncDaemon;
using Ledger.Testing;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Marten.Tests.AsyncDaemon;

/// <summary>
/// A test database with the read-model tables (the ledger's migrations) and a Marten store whose
/// async projections are the read models, run through <see cref="MartenReadModel"/>.
/// </summary>
public sealed class ReadModelDatabase : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    /// <summary>Every read-model table, ordered by its key.</summary>
    public static readonly string[] Tables =
    [
        "select * from activity order by request_id",
        "select * from activity_keys order by key_id",
        "select * from usage_hourly order by org_id, hour, key_id, model, provider",
        "select * from usage_orgs order by org_id",
        "select * from invoice_lines order by org_id, month, model",
        "select * from invoice_credits order by org_id, month",
        "select * from invoice_orgs order by org_id",
        "select * from open_reservations order by request_id",
    ];

    public NpgsqlDataSource DataSource => _database.DataSource;
    public string ConnectionString => _database.ConnectionString;
    public EventTypeRegistry Registry { get; } = LedgerEvents.CreateRegistry();
    public EventStore.EventStore Ledger { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await new MigrationRunner(DataSource).ApplyAsync(LedgerSchema.All);
        Ledger = new EventStore.EventStore(DataSource, Registry);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    /// <summary>A store as the gateway would configure it, with the read models; its schema applied.</summary>
    public async Task<DocumentStore> StoreAsync(Action<StoreOptions>? adjust = null, string? connectionString = null)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString ?? ConnectionString);
            LedgerMarten.Configure(options);
            MartenReadModels.AddTo(options);
            options.Projections.LeadershipPollingTime = 200;
            adjust?.Invoke(options);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>The hand-written daemon of Ledger.EventStore over the same read models.</summary>
    public ProjectionDaemon LegacyDaemon() => new(DataSource, Registry, LedgerProjections.Async, new ProjectionDaemonOptions
    {
        NodeName = "legacy", PollInterval = TimeSpan.FromMilliseconds(200), LockRetryInterval = TimeSpan.FromMilliseconds(200), BatchSize = 500,
    });

    public async Task LegacyCaughtUpAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = await LedgerProjections.StatusAsync(DataSource, Registry);
            if (status.All(s => s.EventsBehind == 0 && s.State == "running")) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The legacy daemon did not catch up: " + string.Join("; ", status));
            await Task.Delay(50);
        }
    }

    /// <summary>Every read-model table as text, one list per table.</summary>
    public async Task<List<List<string>>> ReadModelAsync()
    {
        var tables = new List<List<string>>();
        foreach (var sql in Tables)
        {
            var rows = new List<string>();
            await using var command = DataSource.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i =>
                    reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            tables.Add(rows);
        }
        return tables;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// Copies a ledger history into Marten's tables as the gateway will write it: same sequence numbers,
/// ids, versions, timestamps, the store's own JSON and aliases, the actor and org as headers.
/// </summary>
public static class MartenCopy
{
    public static async Task CopyAsync(IReadOnlyList<RecordedEvent> events, DocumentStore store, NpgsqlDataSource target, int perTransaction = 1000)
    {
        var serializer = store.Options.Serializer();
        var schema = store.Options.Events.DatabaseSchemaName;
        foreach (var chunk in events.Chunk(perTransaction))
        {
            await using var connection = await target.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var streams = chunk.GroupBy(e => e.StreamId).Select(g => (Id: g.Key, First: g.Min(e => e.Version), Last: g.Max(e => e.Version), At: g.Max(e => e.OccurredAt))).ToArray();
            await using (var command = new NpgsqlCommand($"""
                insert into {schema}.mt_streams (id, type, version, timestamp, created, tenant_id, is_archived)
                select id, null, version, ts, ts, '*DEFAULT*', false from unnest($1::varchar[], $2::bigint[], $3::timestamptz[]) as s(id, version, ts)
                on conflict (id) do update set version = excluded.version, timestamp = excluded.timestamp
                """, connection, tx))
            {
                command.Parameters.Add(new() { Value = streams.Select(s => s.Id).ToArray() });
                command.Parameters.Add(new() { Value = streams.Select(s => (long)s.Last).ToArray() });
                command.Parameters.Add(new() { Value = streams.Select(s => s.At).ToArray() });
                await command.ExecuteNonQueryAsync();
            }
            var types = chunk.Select(e => store.Events.EventMappingFor(e.Data.GetType())).ToArray();
            await using (var command = new NpgsqlCommand($"""
                insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                                correlation_id, causation_id, headers, is_archived)
                select seq, id, stream, version, data, type, ts, '*DEFAULT*', dotnet, correlation, causation, headers, false
                  from unnest($1::bigint[], $2::uuid[], $3::varchar[], $4::bigint[], $5::jsonb[], $6::varchar[], $7::timestamptz[],
                              $8::varchar[], $9::varchar[], $10::varchar[], $11::jsonb[])
                       as e(seq, id, stream, version, data, type, ts, dotnet, correlation, causation, headers)
                """, connection, tx))
            {
                command.Parameters.Add(new() { Value = chunk.Select(e => e.Seq).ToArray() });
                command.Parameters.Add(new() { Value = chunk.Select(e => e.Id).ToArray() });
                command.Parameters.Add(new() { Value = chunk.Select(e => e.StreamId).ToArray() });
                command.Parameters.Add(new() { Value = chunk.Select(e => (long)e.Version).ToArray() });
                command.Parameters.Add(new() { Value = chunk.Select(e => serializer.ToJson(e.Data)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
                command.Parameters.Add(new() { Value = types.Select(t => t.EventTypeName).ToArray() });
                command.Parameters.Add(new() { Value = chunk.Select(e => e.OccurredAt).ToArray() });
                command.Parameters.Add(new() { Value = types.Select(t => t.DotNetTypeName).ToArray() });
                command.Parameters.Add(new() { Value = chunk.Select(e => e.Metadata.CorrelationId.ToString()).ToArray() });
                command.Parameters.Add(new() { Value = chunk.Select(e => e.Metadata.CausationId?.ToString()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
                command.Parameters.Add(new() { Value = chunk.Select(Headers).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
                await command.ExecuteNonQueryAsync();
            }
            await using (var command = new NpgsqlCommand($"select setval('{schema}.mt_events_sequence', $1)", connection, tx))
            {
                command.Parameters.Add(new() { Value = chunk.Max(e => e.Seq) });
                await command.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
    }

    private static string Headers(RecordedEvent e)
    {
        var headers = new Dictionary<string, string> { [MartenEvents.ActorHeader] = e.Metadata.Actor };
        if (e.OrgId is Guid org) headers[MartenEvents.OrgHeader] = org.ToString();
        return JsonSerializer.Serialize(headers);
    }

    /// <summary>Every event of the legacy store, in seq order.</summary>
    public static async Task<List<RecordedEvent>> ReadAllAsync(EventStore.EventStore ledger)
    {
        var all = new List<RecordedEvent>();
        while (true)
        {
            var page = await ledger.ReadAllAsync(all.Count == 0 ? 0 : all[^1].Seq + 1, 5000);
            if (page.Count == 0) return all;
            all.AddRange(page);
        }
    }
}
