using Npgsql;

namespace Ledger.Bench;

/// <summary>A throwaway database on the server the --db connection string points at.</summary>
internal sealed class BenchDatabase(string server, string name, NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource => dataSource;

    public static async Task<BenchDatabase> CreateAsync(string server, int maxPoolSize)
    {
        var name = "ledger_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = maxPoolSize };
        return new BenchDatabase(server, name, NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
