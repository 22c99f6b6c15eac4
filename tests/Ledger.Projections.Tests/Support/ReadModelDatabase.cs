using JasperFx.Events.Daemon;
using Ledger.EventStore;
using Ledger.Projections.AsyncDaemon;
using Ledger.Testing;
using Marten;
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
    public DocumentStore Marten { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Marten = LedgerStore.Open(DataSource);
        await Marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await new MigrationRunner(DataSource).ApplyAsync(LedgerSchema.All);
        Store = new EventStore.EventStore(DataSource, Marten, Registry);
    }

    public async Task DisposeAsync()
    {
        Marten?.Dispose();
        await _database.DisposeAsync();
    }

    /// <summary>Marten's async daemon over the read models, as a node runs it; started by <see cref="TestDaemon.StartAsync"/>.</summary>
    public TestDaemon Daemon() => new(Marten);

    /// <summary>Polls status until every read model has applied every stored event (a deadline, not a sleep).</summary>
    public async Task CaughtUpAsync(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var last = await ScalarAsync<long>("select coalesce(max(seq_id), 0) from mt_events");
            var status = await LedgerProjections.StatusAsync(Marten);
            if (status.All(s => s.Position >= last && !s.IsPaused)) return;
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

/// <summary>One node's daemon for a test: every read model, started and stopped by the test.</summary>
public sealed class TestDaemon(DocumentStore store) : IAsyncDisposable
{
    private IProjectionDaemon? _daemon;

    public async Task StartAsync()
    {
        _daemon = await store.BuildProjectionDaemonAsync();
        await _daemon.StartAllAsync();
    }

    public Task ResumeAsync(string name) => MartenReadModels.ResumeAsync(store, _daemon!, name);

    public async ValueTask DisposeAsync()
    {
        if (_daemon is null) return;
        await _daemon.StopAllAsync();
        _daemon.Dispose();
    }
}
