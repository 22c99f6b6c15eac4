using Ledger.Testing;

namespace Ledger.EventStore.Tests.Migrations;

/// <summary>Each test starts from an empty database.</summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    private static readonly Migration Extra = new(100, "counters", "create table counters (name text primary key)");

    [Fact]
    public async Task migrations_apply_once_and_running_again_is_a_no_op()
    {
        var runner = new MigrationRunner(_db.DataSource);

        var first = await runner.ApplyAsync([Extra, .. EventStoreSchema.Migrations]);
        var second = await runner.ApplyAsync([.. EventStoreSchema.Migrations, Extra]);

        first.ShouldBe(EventStoreSchema.Migrations.Select(m => m.Version).Append(100));
        second.ShouldBeEmpty();
        (await VersionsAsync()).ShouldBe(first);
    }

    [Fact]
    public async Task concurrent_runners_apply_each_migration_exactly_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => new MigrationRunner(_db.DataSource).ApplyAsync([.. EventStoreSchema.Migrations, Extra]))));

        results.SelectMany(r => r).Order().ShouldBe(EventStoreSchema.Migrations.Select(m => m.Version).Append(100));
        (await VersionsAsync()).Count.ShouldBe(EventStoreSchema.Migrations.Count + 1);
    }

    [Fact]
    public async Task a_failing_migration_rolls_back_alone_and_later_ones_are_not_applied()
    {
        var runner = new MigrationRunner(_db.DataSource);
        Migration[] steps = [new(100, "ok", "create table a (x int)"), new(101, "broken", "create table b (x nonsense_type)"), new(102, "later", "create table c (x int)")];

        await Should.ThrowAsync<Npgsql.PostgresException>(() => runner.ApplyAsync(steps));

        (await VersionsAsync()).ShouldBe([100]);
    }

    [Fact]
    public void store_migrations_are_numbered_below_one_hundred()
    {
        EventStoreSchema.Migrations.Count.ShouldBeGreaterThan(0);
        EventStoreSchema.Migrations.ShouldAllBe(m => m.Version >= 1 && m.Version <= 99);
    }

    private async Task<List<int>> VersionsAsync()
    {
        await using var command = _db.DataSource.CreateCommand("select version from schema_migrations order by version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
            versions.Add(reader.GetInt32(0));
        return versions;
    }
}
