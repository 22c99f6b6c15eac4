using Ledger.Testing;
using Npgsql;

namespace Ledger.Api.Tests.Support;

public static class DatabaseExtensions
{
    public static async Task<long> CountEventsAsync(this TestDatabase db, string? type = null)
    {
        await using var cmd = db.DataSource.CreateCommand("select count(*) from ledger_events where $1::text is null or type = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public static Task<T> ScalarAsync<T>(this TestDatabase db, string sql) => db.DataSource.ScalarAsync<T>(sql);

    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
