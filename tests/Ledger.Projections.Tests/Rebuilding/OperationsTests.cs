using Ledger.EventStore;
using Ledger.Projections.Tests.Support;
using Ledger.Projections.Usage;
using Ledger.Testing;

namespace Ledger.Projections.Tests.Rebuilding;

public sealed class OperationsTests : IAsyncLifetime
{
    private readonly ReadModelDatabase _db = new();
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private LedgerHistory _history = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _history = await new LedgerHistory(_db.Store, seed: 11).SignUpAsync(orgs: 2, keysPerOrg: 2, Start);
        await _history.RequestsAsync(300, Start, Start.AddDays(3));
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task status_reports_a_paused_projection_with_its_error_and_resume_catches_it_up()
    {
        await using var daemon = _db.Daemon();
        await daemon.StartAsync();
        await _db.CaughtUpAsync();

        // the usage projection cannot write its table: it must pause, not skip the events
        await _db.ExecuteAsync("alter table usage_hourly rename to usage_hourly_away");
        await _history.RequestsAsync(20, Start.AddDays(4), Start.AddDays(5));
        Ledger.Projections.AsyncDaemon.ReadModelStatus? usage = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(usage = (await LedgerProjections.StatusAsync(_db.Marten)).Single(s => s.Name == "usage")).IsPaused)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("usage never paused");
            await Task.Delay(50);
        }
        usage.PauseReason!.ShouldContain("usage_hourly");
        usage.EventsBehind.ShouldBeGreaterThan(0);
        var others = (await LedgerProjections.StatusAsync(_db.Marten)).Where(s => s.Name != "usage");
        others.ShouldAllBe(s => !s.IsPaused);

        await _db.ExecuteAsync("alter table usage_hourly_away rename to usage_hourly");
        await daemon.ResumeAsync("usage");
        await _db.CaughtUpAsync();
        var org = _history.Orgs[0];
        (await UsageQuery.ReadAsync(_db.DataSource, org.OrgId, UsageGrouping.Model, null, null, default)).Totals.Requests
            .ShouldBe(await _db.ScalarAsync<long>(
                "select count(*) from ledger_events where org_id = $1 and type in ('V1.RequestCompleted', 'V1.ReservationExpired')", org.OrgId));
    }

    [Fact]
    public async Task verify_names_the_first_tampered_event_and_passes_an_untouched_ledger()
    {
        var verifier = new ChainVerifier(_db.DataSource);
        var clean = await verifier.VerifyAsync();
        clean.Ok.ShouldBeTrue();
        clean.EventsChecked.ShouldBe(await _db.ScalarAsync<long>("select count(*) from ledger_events"));

        var seq = await _db.ScalarAsync<long>("select min(seq) from ledger_events where type = 'V1.RequestCompleted' and (data->>'charged')::numeric > 0");
        await _db.ExecuteAsync($"update mt_events set data = jsonb_set(data, '{{charged}}', '0') where seq_id = {seq}");
        var tampered = await verifier.VerifyAsync();
        tampered.Ok.ShouldBeFalse();
        tampered.FirstProblem!.Seq.ShouldBe(seq);
        tampered.FirstProblem.Kind.ShouldBe("altered");
    }

    [Fact]
    public async Task position_covers_a_clients_own_event_only_once_the_read_model_has_applied_it()
    {
        var (first, _) = _history.Request(Start.AddDays(6), _history.Orgs[0]);
        var appended = await _db.Store.AppendAsync(first);
        var seq = appended.Events[0].Seq;
        (await LedgerProjections.PositionAsync(_db.DataSource, "activity")).ShouldBeLessThan(seq);

        await using var daemon = _db.Daemon();
        await daemon.StartAsync();
        await _db.CaughtUpAsync();
        (await LedgerProjections.PositionAsync(_db.DataSource, "activity")).ShouldBeGreaterThanOrEqualTo(seq);
    }
}
