using Ledger.Domain;
using Ledger.Domain.Admission;
using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Pricing;
using Ledger.Domain.Requests;
using Ledger.EventStore;
using Ledger.Projections.Admission;
using Ledger.Projections.Tests.Support;
using Ledger.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ledger.Projections.Tests.Admission;

/// <summary>
/// The request writer against real PostgreSQL: rows it keeps in memory that someone else moved,
/// two writers (two nodes) sharing a key, and settlements racing the sweeper.
/// </summary>
public sealed class RequestLedgerTests : IAsyncLifetime
{
    private static readonly AdmissionPolicy Policy = new();
    private readonly ReadModelDatabase _db = new();
    private readonly List<RequestLedger> _ledgers = [];
    private EventStore.EventStore _store = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _store = new EventStore.EventStore(_db.DataSource, _db.Marten, _db.Registry, [new AdmissionProjection(Policy)]);
    }

    public async Task DisposeAsync()
    {
        foreach (var ledger in _ledgers) await ledger.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>A writer as a gateway node has one: its own cache, the shared database.</summary>
    private RequestLedger Node()
    {
        var ledger = new RequestLedger(_db.DataSource, _store, Policy, TimeProvider.System, NullLogger<RequestLedger>.Instance);
        _ledgers.Add(ledger);
        return ledger;
    }

    private sealed record Key(Guid OrgId, Guid KeyId, string Hash);

    private async Task<Key> KeyAsync(KeyLimits? limits = null)
    {
        var (orgId, keyId, hash) = (Guid.NewGuid(), Guid.NewGuid(), KeySecret.HashOf("br-test-" + Guid.NewGuid()));
        var at = DateTimeOffset.UtcNow;
        await _store.AppendAsync(new StreamAppend(Streams.Org(orgId), "org", orgId, ExpectedVersion.NoStream,
            NewEvent.Each([new OrgSignedUp(orgId, "Acme", "EUR", "Europe/Paris", ["eu"], new PlanTerms("free", null, null, null, 0m)),
                           new PaymentRecorded(orgId, 100m, "EUR", "ref-1")]), EventMetadata.System(), at));
        await _store.AppendAsync(new StreamAppend(Streams.Key(keyId), "key", orgId, ExpectedVersion.NoStream,
            NewEvent.Each([new KeyMinted(keyId, orgId, "k", hash, "br-test-abcd", OrgTier.Standard, KeyScope.Full, false, limits ?? KeyLimits.None, null)]),
            EventMetadata.System(), at));
        return new Key(orgId, keyId, hash);
    }

    private Task KeyEventAsync(Key key, object e) =>
        _store.AppendAsync(new StreamAppend(Streams.Key(key.KeyId), "key", key.OrgId, ExpectedVersion.Any, NewEvent.Each([e]), EventMetadata.System(), DateTimeOffset.UtcNow));

    private static AdmissionTicket Ticket(Key key) =>
        new(key.Hash, Guid.CreateVersion7(), "gpt-5.1", false, 20, 100, org => new ModelQuote(new UnitPrices(1m, 2m, org.Currency), 1000));

    private static string? Code(AdmissionResult r) => (r.Decision?.Event as RequestRejected)?.Code;

    /// <summary>The request's completion: 12 tokens in, 7 out, charged 0.000026.</summary>
    private static Task SettleAsync(RequestLedger node, Key key, AdmissionResult admission)
    {
        var admitted = (RequestAdmitted)admission.Decision!.Event;
        var completed = new RequestCompleted(admitted.RequestId, key.KeyId, key.OrgId, admitted.Model, admission.At, "sim", "eu", 200, null,
            12, 7, 5, 1m, 2m, "EUR", 1m, 0m, 0.000026m, 0.000026m, "EUR", admitted.Reserved, true, []);
        return node.SettleAsync(admitted.RequestId, key.OrgId, key.KeyId, admission.Hash!, completed, "key:test", DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task a_key_changed_behind_the_writers_back_is_decided_on_its_new_state_both_ways()
    {
        var key = await KeyAsync();
        var node = Node();
        (await node.AdmitAsync(Ticket(key))).Decision!.Admitted.ShouldBeTrue();   // its rows are now cached

        await KeyEventAsync(key, new KeyDisabled(key.KeyId, key.OrgId));
        Code(await node.AdmitAsync(Ticket(key))).ShouldBe(ErrorCodes.KeyDisabled);

        // the cache now says disabled: a refusal is checked against the row's version as well
        await KeyEventAsync(key, new KeyEnabled(key.KeyId, key.OrgId));
        (await node.AdmitAsync(Ticket(key))).Decision!.Admitted.ShouldBeTrue();

        await KeyEventAsync(key, new KeyRevoked(key.KeyId, key.OrgId));
        Code(await node.AdmitAsync(Ticket(key))).ShouldBe(ErrorCodes.KeyRevoked);
    }

    [Fact]
    public async Task two_writers_sharing_a_key_admit_exactly_its_rpm_and_count_every_admission_once()
    {
        var key = await KeyAsync(new KeyLimits(25, null, null, BudgetPeriod.Month));
        var (a, b) = (Node(), Node());
        await a.AdmitAsync(Ticket(key));
        await b.AdmitAsync(Ticket(key));   // both now hold the rows in memory

        var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => (i % 2 == 0 ? a : b).AdmitAsync(Ticket(key))));

        results.Count(r => r.Decision!.Admitted).ShouldBe(23);
        results.Where(r => !r.Decision!.Admitted).ShouldAllBe(r => Code(r) == ErrorCodes.RateLimitExceeded);
        (await _db.ScalarAsync<long>($"select count(*) from ledger_events where type = 'V1.RequestAdmitted' and org_id = '{key.OrgId}'")).ShouldBe(25);
        var row = RowJson.Read<KeyAdmission>(await _db.ScalarAsync<string>($"select state::text from admission_keys where key_id = '{key.KeyId}'"));
        row.DayCount.ShouldBe(25);
    }

    [Fact]
    public async Task a_completion_after_the_sweeper_settled_its_reservation_is_refused_and_the_org_is_charged_once()
    {
        var key = await KeyAsync();
        var node = Node();
        var admission = await node.AdmitAsync(Ticket(key));
        var admitted = (RequestAdmitted)admission.Decision!.Event;
        await using (var daemon = _db.Daemon())
        {
            await daemon.StartAsync();
            await _db.CaughtUpAsync();
        }

        (await new ReservationSweeper(_db.DataSource, node, TimeProvider.System).SweepAsync(TimeSpan.Zero, default)).ShouldBe(1);
        await Should.ThrowAsync<ConcurrencyException>(() => SettleAsync(node, key, admission));

        var org = RowJson.Read<OrgAdmission>(await _db.ScalarAsync<string>($"select state::text from admission_orgs where org_id = '{key.OrgId}'"));
        org.Reserved.ShouldBe(0m);
        org.Charged.ShouldBe(admitted.Reserved);
        (await _db.ScalarAsync<string>($"select type from ledger_events where stream_id = '{Streams.Request(admitted.RequestId)}' and version = 2"))
            .ShouldBe("V1.ReservationExpired");
        (await new ChainVerifier(_db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task a_settled_request_closes_its_stream_and_leaves_no_open_reservation()
    {
        var key = await KeyAsync();
        var node = Node();
        var admission = await node.AdmitAsync(Ticket(key));
        var admitted = (RequestAdmitted)admission.Decision!.Event;

        await SettleAsync(node, key, admission);
        await using (var daemon = _db.Daemon())
        {
            await daemon.StartAsync();
            await _db.CaughtUpAsync();
        }

        (await _db.ScalarAsync<int>($"select version::int from mt_streams where id = '{Streams.Request(admitted.RequestId)}'")).ShouldBe(2);
        (await _db.ScalarAsync<long>("select count(*) from open_reservations")).ShouldBe(0);
        var org = RowJson.Read<OrgAdmission>(await _db.ScalarAsync<string>($"select state::text from admission_orgs where org_id = '{key.OrgId}'"));
        (org.Reserved, org.Charged).ShouldBe((0m, 0.000026m));
        (await new ChainVerifier(_db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task a_batch_whose_commit_reply_was_lost_is_answered_as_committed_and_recorded_once()
    {
        var key = await KeyAsync();
        await using var link = DatabaseLink.To(_db.ConnectionString);
        await using var linked = NpgsqlDataSource.Create(link.ConnectionString);
        var node = new RequestLedger(linked, _store, Policy, TimeProvider.System, NullLogger<RequestLedger>.Instance);
        _ledgers.Add(node);
        (await node.AdmitAsync(Ticket(key))).Decision!.Admitted.ShouldBeTrue(); // the writer's connection is open

        link.ArmNextCommit();
        var admission = await node.AdmitAsync(Ticket(key));
        link.CommitRepliesDropped.ShouldBe(1);
        admission.Decision!.Admitted.ShouldBeTrue();
        var admitted = (RequestAdmitted)admission.Decision.Event;
        var stream = Streams.Request(admitted.RequestId);
        (await _db.ScalarAsync<byte[]>($"select decode(headers->>'hash', 'base64') from mt_events where stream_id = '{stream}'")).ShouldBe(admission.Hash);

        link.ArmNextCommit();
        await SettleAsync(node, key, admission);
        link.CommitRepliesDropped.ShouldBe(2);

        (await _db.ScalarAsync<long>($"select count(*) from ledger_events where stream_id = '{stream}'")).ShouldBe(2);
        (await _db.ScalarAsync<long>($"select count(*) from ledger_events where type = 'V1.RequestAdmitted' and org_id = '{key.OrgId}'")).ShouldBe(2);
        // the rows count each request once: the second admission's reservation is released, its charge taken once
        var org = RowJson.Read<OrgAdmission>(await _db.ScalarAsync<string>($"select state::text from admission_orgs where org_id = '{key.OrgId}'"));
        org.Charged.ShouldBe(0.000026m);
        var row = RowJson.Read<KeyAdmission>(await _db.ScalarAsync<string>($"select state::text from admission_keys where key_id = '{key.KeyId}'"));
        row.DayCount.ShouldBe(2);
        (await new ChainVerifier(_db.DataSource).VerifyAsync()).Ok.ShouldBeTrue();
    }
}
