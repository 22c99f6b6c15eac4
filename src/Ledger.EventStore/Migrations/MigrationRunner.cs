using Npgsql;

namespace Ledger.EventStore;

/// <summary>
/// Applies missing migrations in version order, each in its own transaction. Every transaction
/// first takes one transaction-level advisory lock, so nodes starting together apply each step once.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource)
{
    private const string LockAndEnsureTable = """
        select pg_advisory_xact_lock(hashtextextended('ledger:schema_migrations', 0));
        create table if not exists schema_migrations (
            version    int primary key,
            name       text not null,
            applied_at timestamptz not null default now());
        """;

    /// <returns>The versions this call applied (empty when the schema was already current).</returns>
    public async Task<IReadOnlyList<int>> ApplyAsync(IEnumerable<Migration> migrations, CancellationToken ct = default)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        var duplicate = ordered.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Migration version {duplicate.Key} is defined more than once.", nameof(migrations));

        var applied = new List<int>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var done = await AppliedVersionsAsync(connection, ct);
        foreach (var migration in ordered.Where(m => !done.Contains(m.Version)))
            if (await ApplyOneAsync(connection, migration, ct))
                applied.Add(migration.Version);
        return applied;
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var ensure = new NpgsqlCommand(LockAndEnsureTable, connection, tx))
            await ensure.ExecuteNonQueryAsync(ct);
        var versions = new HashSet<int>();
        await using (var select = new NpgsqlCommand("select version from schema_migrations", connection, tx))
        await using (var reader = await select.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                versions.Add(reader.GetInt32(0));
        await tx.CommitAsync(ct);
        return versions;
    }

    private static async Task<bool> ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var ensure = new NpgsqlCommand(LockAndEnsureTable, connection, tx))
            await ensure.ExecuteNonQueryAsync(ct);

        // another node may have applied it while this one waited for the lock
        await using (var check = new NpgsqlCommand("select exists (select 1 from schema_migrations where version = $1)", connection, tx))
        {
            check.Parameters.Add(new() { Value = migration.Version });
            if ((bool)(await check.ExecuteScalarAsync(ct))!)
                return false;
        }

        await using (var apply = new NpgsqlCommand(migration.Sql, connection, tx))
            await apply.ExecuteNonQueryAsync(ct);
        await using (var record = new NpgsqlCommand("insert into schema_migrations (version, name) values ($1, $2)", connection, tx))
        {
            record.Parameters.Add(new() { Value = migration.Version });
            record.Parameters.Add(new() { Value = migration.Name });
            await record.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }
}
