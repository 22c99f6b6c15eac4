using Npgsql;

namespace Ledger.Testing;

/// <summary>
/// A fresh database on the PostgreSQL that scripts/test.sh started (LEDGER_TEST_DB), dropped after use.
/// Every storage test runs against real PostgreSQL; there is no in-memory stand-in.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public string Name { get; } = "ledger_t_" + Guid.NewGuid().ToString("N")[..16];

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("LEDGER_TEST_DB")
        ?? throw new InvalidOperationException(
            "LEDGER_TEST_DB is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL.");

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {Name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A clock the test moves by hand: no sleeps in tests that reason about time.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
    public void Set(DateTimeOffset at) => _now = at;
}
