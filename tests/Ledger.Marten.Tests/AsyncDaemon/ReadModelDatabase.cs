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

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await new MigrationRunner(DataSource).ApplyAsync(LedgerSchema.All);
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
