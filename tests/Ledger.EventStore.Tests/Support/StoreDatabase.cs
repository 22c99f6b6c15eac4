using Ledger.Marten;
using Ledger.Testing;
using Marten;
using Npgsql;

namespace Ledger.EventStore.Tests.Support;

/// <summary>A fresh database with the event store schema applied.</summary>
public sealed class StoreDatabase : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public NpgsqlDataSource DataSource => _database.DataSource;
    public string ConnectionString => _database.ConnectionString;
    public EventTypeRegistry Registry { get; } = TestEvents.Registry();

    public DocumentStore Marten { get; private set; } = null!;

    public EventStore Store(params IInlineProjection[] inline) => new(DataSource, Marten, Registry, inline);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Marten = DocumentStore.For(options =>
        {
            options.Connection(DataSource);
            LedgerMarten.Configure(options);
            foreach (var (type, name) in TestEvents.Types)
                options.Events.MapEventType(type, name);
        });
        await Marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await new MigrationRunner(DataSource).ApplyAsync([.. EventStoreSchema.Migrations, .. CountingProjection.Migrations]);
    }

    public async Task DisposeAsync()
    {
        Marten?.Dispose();
        await _database.DisposeAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var arg in args)
            command.Parameters.Add(new() { Value = arg });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] args)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var arg in args)
            command.Parameters.Add(new() { Value = arg });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> map, params object[] args)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var arg in args)
            command.Parameters.Add(new() { Value = arg });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(map(reader));
        return rows;
    }
}
