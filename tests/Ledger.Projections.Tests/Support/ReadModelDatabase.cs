using Ledger.EventStore;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Projections.Tests.Support;

/// <summary>A migrated test database with an event store (no inline projections) over it.</summary>
public sealed class ReadModelDatabase : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public NpgsqlDataSource DataSource => _database.DataSource;
    public string ConnectionString => _database.ConnectionString;
    public EventTypeRegistry Registry { get; } = LedgerEvents.CreateRegistry();
    public EventStore.EventStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await new MigrationRunner(DataSource).ApplyAsync(LedgerSchema.All);
        Store = new EventStore.EventStore(DataSource, Registry);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    public ProjectionDaemon Daemon(string node = "test") => new(DataSource, Registry, LedgerProjections.Async, new ProjectionDaemonOptions
    {
        NodeName = node, PollInterval = TimeSpan.FromMilliseconds(200), LockRetryInterval = TimeSpan.FromMilliseconds(200), BatchSize = 500,
    });

    /// <summary>Polls status until every read model has applied every stored event (a deadline, not a sleep).</summary>
    public async Task CaughtUpAsync(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await LedgerProjections.StatusAsync(DataSource, Registry);
            if (status.All(s => s.EventsBehind == 0 && s.State == "running")) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Read models did not catch up: " + string.Join("; ", status));
            await Task.Delay(50);
        }
    }

    public async Task<List<string>> RowsAsync(string sql)
    {
        var rows = new List<string>();
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var v in values) command.Parameters.Add(new() { Value = v });
        var result = await command.ExecuteScalarAsync();
        return result is DBNull or null ? default! : (T)result;
    }

    public Task ExecuteAsync(string sql) => ScalarAsync<object>(sql);
}
