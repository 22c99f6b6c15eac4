using Ledger.EventStore.Migrating;
using Ledger.Marten;
using Ledger.Testing;
using Marten;
using Npgsql;

namespace Ledger.EventStore.Tests.Migrating;

/// <summary>
/// tests/Fixtures/ledger-v1.sql: a database the store before Marten (branch main) wrote through the
/// gateway (signups, keys, payments, completions, refusals), made by tests/Fixtures/make-ledger-v1.sh.
/// </summary>
public sealed class when_importing_a_database_made_before_marten : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        // the dump empties search_path for its session: a connection of its own, not the pool's
        await using (var connection = new NpgsqlConnection(_db.ConnectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            // pg_dump's \restrict / \unrestrict lines are psql meta-commands, not SQL
            var sql = string.Join('\n', (await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ledger-v1.sql")))
                .Where(line => !line.StartsWith('\\')));
            await using var load = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await load.ExecuteNonQueryAsync();
        }
        _store = DocumentStore.For(o => { o.Connection(_db.ConnectionString); LedgerMarten.Configure(o); });
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _db.DisposeAsync();
    }

    private Task<LegacyImportReport> ImportAsync(int batchSize = 500) => new LegacyImport(_db.DataSource, _store, batchSize).RunAsync();

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = _db.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(7)] // streams cross batches: a batch chains on from the hash an earlier one stored
    public async Task every_event_is_copied_as_it_was_in_the_same_order_and_the_new_chain_verifies(int batchSize)
    {
        var events = await ScalarAsync("select count(*) from events");
        events.ShouldBeGreaterThan(20);

        var report = await ImportAsync(batchSize);

        report.Copied.ShouldBe(events);
        report.Streams.ShouldBe((int)await ScalarAsync("select count(*) from streams"));
        report.FirstSeq.ShouldBe(await ScalarAsync("select min(seq) from events"));
        report.LastSeq.ShouldBe(await ScalarAsync("select max(seq) from events"));
        // same id, stream, version, type, time, ids, actor, org and (parsed) data; email is dropped on purpose
        (await ScalarAsync("""
            select count(*) from events e join mt_events m on m.id = e.id
             where m.stream_id = e.stream_id and m.version = e.version and m.type = e.type
               and m.timestamp = e.occurred_at
               and m.correlation_id is not distinct from e.metadata->>'correlation_id'
               and m.causation_id is not distinct from e.metadata->>'causation_id'
               and m.headers->>'actor' = e.metadata->>'actor'
               and (m.headers->>'org')::uuid is not distinct from e.org_id
               and m.data = (e.data::jsonb - 'email')
            """)).ShouldBe(events);
        (await ScalarAsync("select count(*) from mt_events")).ShouldBe(events);
        // seq_id order is the old seq order
        (await ScalarAsync("""
            select count(*) from (
                select e.id, row_number() over (order by e.seq) as old, row_number() over (order by m.seq_id) as new
                  from events e join mt_events m on m.id = e.id) o
             where old <> new
            """)).ShouldBe(0);
        (await ScalarAsync("""
            select count(*) from streams s join mt_streams m on m.id = s.id where m.version = s.version
            """)).ShouldBe(report.Streams);

        var verification = await new ChainVerifier(_db.DataSource).VerifyAsync();
        verification.FirstProblem.ShouldBeNull();
        verification.EventsChecked.ShouldBe(events);

        await using var session = _store.LightweightSession();
        foreach (var (stream, version) in await StreamsAsync())
        {
            var read = await session.Events.FetchStreamAsync(stream);
            read.Count.ShouldBe(version, stream);
            read.Select(e => e.Data).ShouldAllBe(d => d != null);
        }
    }

    [Fact]
    public async Task a_second_run_imports_nothing()
    {
        var first = await ImportAsync();

        var second = await ImportAsync();

        first.Copied.ShouldBeGreaterThan(0);
        second.ShouldBe(new LegacyImportReport(0, 0, null, null));
        (await ScalarAsync("select count(*) from mt_events")).ShouldBe(first.Copied);
    }

    [Fact]
    public async Task a_run_that_stopped_part_way_goes_on_from_there()
    {
        var all = await ScalarAsync("select count(*) from events");
        // as if a run had committed the first batches and died: those events are in mt_events already
        var stopped = await ImportAsync(batchSize: 5);
        await using (var delete = _db.DataSource.CreateCommand("""
            delete from mt_events where seq_id > (select min(seq_id) + 9 from mt_events);
            update mt_streams s set version = coalesce((select max(version) from mt_events e where e.stream_id = s.id), 0);
            delete from mt_streams where version = 0;
            """))
            await delete.ExecuteNonQueryAsync();

        var resumed = await ImportAsync(batchSize: 5);

        stopped.Copied.ShouldBe(all);
        resumed.Copied.ShouldBe(all - 10);
        (await new ChainVerifier(_db.DataSource).VerifyAsync()).FirstProblem.ShouldBeNull();
    }

    [Fact]
    public async Task a_tampered_history_is_refused_naming_the_event()
    {
        var seq = await ScalarAsync("select seq from events where type = 'V1.PaymentRecorded' order by seq limit 1");
        await using (var tamper = _db.DataSource.CreateCommand(
            $"update events set data = jsonb_set(data::jsonb, '{{amount}}', '100000')::json where seq = {seq}"))
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);

        var refused = await Should.ThrowAsync<LegacyImportRefusedException>(() => ImportAsync());

        refused.Problem!.Seq.ShouldBe(seq);
        refused.Problem.Kind.ShouldBe("altered");
        refused.Message.ShouldContain($"event seq {seq}");
        (await ScalarAsync("select count(*) from mt_events")).ShouldBe(0);
    }

    private async Task<List<(string Stream, int Version)>> StreamsAsync()
    {
        await using var command = _db.DataSource.CreateCommand("select id, version from streams order by id");
        await using var reader = await command.ExecuteReaderAsync();
        var streams = new List<(string, int)>();
        while (await reader.ReadAsync()) streams.Add((reader.GetString(0), reader.GetInt32(1)));
        return streams;
    }
}
