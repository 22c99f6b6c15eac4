using System.Text.Json;
using JasperFx.Events.Daemon;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;
using Ledger.Testing;
using Marten;
using Marten.Exceptions;
using Weasel.Core;

namespace Ledger.Marten.Tests;

/// <summary>
/// An event whose JSON was written in another casing than the store's serializer reads (the issue saw
/// every such event projected as empty, with no error anywhere). What Marten does with it under its
/// stock settings, and what makes it loud: the serializer refusing members it does not know (Ledger's
/// configuration) turns the silent defaults into an error, and the projection error flags decide
/// whether the daemon then pauses (Ledger) or dead-letters the event and goes on (Marten's default).
/// </summary>
public sealed class OtherCasingTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private DocumentStore? _store;
    private static readonly Guid RequestId = Guid.NewGuid();
    private static readonly string Stream = Ledger.Domain.Streams.Request(RequestId);
    private readonly RequestAdmitted _admitted = new(RequestId, Guid.NewGuid(), Guid.NewGuid(), "gpt-4o-mini", OrgTier.Standard, false, 120, 256, 0.0125m, "EUR");

    public Task InitializeAsync() => _db.InitializeAsync();

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        await _db.DisposeAsync();
    }

    public static TheoryData<string> Casings => new() { "PascalCase", "camelCase" };

    [Theory]
    [MemberData(nameof(Casings))]
    public async Task Marten_stock_serializer_reads_it_as_an_event_of_defaults_and_projects_that_without_an_error(string casing)
    {
        // Marten's documented STJ setup, and its projection error defaults
        await ArrangeAsync(casing, options =>
        {
            options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.SnakeCase);
            SkipErrors(options, skip: true);
        });

        // PascalCase matches no member; camelCase matches the one-word ones ("model", "currency") and
        // none of the others ("requestId" is not "request_id"): a half-read event, just as quiet
        var expected = casing == "camelCase"
            ? _admitted with { RequestId = Guid.Empty, KeyId = Guid.Empty, OrgId = Guid.Empty, PromptTokensEstimate = 0, MaxOutputTokens = 0 }
            : new RequestAdmitted(Guid.Empty, Guid.Empty, Guid.Empty, null!, default, false, 0, 0, 0m, null!);
        (await FetchAsync()).Single().Data.ShouldBeOfType<RequestAdmitted>().ShouldBe(expected);

        await Stores.ProjectAsync(_store!);
        var summary = (await LoadSummaryAsync()).ShouldNotBeNull();
        (summary.OrgId, summary.Model, summary.Reserved).ShouldBe((Guid.Empty, expected.Model, expected.Reserved));
        (await DeadLettersAsync()).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Casings))]
    public async Task Turning_the_skip_flags_off_alone_changes_nothing_there_is_no_error_to_stop_on(string casing)
    {
        await ArrangeAsync(casing, options => options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.SnakeCase));

        (await FetchAsync()).Single().Data.ShouldBeOfType<RequestAdmitted>().OrgId.ShouldBe(Guid.Empty);
        await Stores.ProjectAsync(_store!);
        (await LoadSummaryAsync()).ShouldNotBeNull().OrgId.ShouldBe(Guid.Empty);
    }

    [Theory]
    [MemberData(nameof(Casings))]
    public async Task A_strict_serializer_with_Marten_skip_defaults_dead_letters_the_event_and_the_read_model_silently_lacks_it(string casing)
    {
        await ArrangeAsync(casing, options => SkipErrors(options, skip: true));

        await Should.ThrowAsync<EventDeserializationFailureException>(FetchAsync);
        await Stores.ProjectAsync(_store!);
        (await LoadSummaryAsync()).ShouldBeNull();
        (await DeadLettersAsync()).ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(Casings))]
    public async Task Ledger_configuration_refuses_to_read_it_and_the_daemon_pauses_the_projection_on_that_event(string casing)
    {
        var sequence = await ArrangeAsync(casing, adjust: null);

        // "Event deserialization error on sequence = 1 for event type V1.RequestAdmitted", its inner
        // JsonException naming the member: "The JSON property 'keyId' could not be mapped to any .NET member …"
        var error = await Should.ThrowAsync<EventDeserializationFailureException>(FetchAsync);
        error.Message.ShouldContain($"sequence = {sequence}");
        error.InnerException.ShouldBeOfType<JsonException>().Message.ShouldContain("could not be mapped");
        await using (var session = _store!.QuerySession())
            await Should.ThrowAsync<Exception>(() => session.Events.AggregateStreamAsync<RequestSummary>(Stream));

        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            var paused = daemon.Tracker.WaitForShardCondition(s => s.Failure is not null, "a shard reports the failure", TimeSpan.FromSeconds(30));
            await daemon.StartAllAsync();
            var state = await paused;
            state.Failure!.Category.ShouldBe(ShardFailureCategory.EventSerialization);
            state.Failure.Event.ShouldNotBeNull().Sequence.ShouldBe(sequence);
            state.Failure.Event.EventTypeName.ShouldBe("V1.RequestAdmitted");
            await daemon.StopAllAsync();
        }
        (await LoadSummaryAsync()).ShouldBeNull();

        using (var daemon = await _store.BuildProjectionDaemonAsync())
            await Should.ThrowAsync<Exception>(() => daemon.RebuildProjectionAsync<RequestSummary>(CancellationToken.None));
        (await LoadSummaryAsync()).ShouldBeNull();
    }

    /// <summary>One admitted request, written by the set-based writer, its JSON then rewritten in <paramref name="casing"/>.</summary>
    private async Task<long> ArrangeAsync(string casing, Action<StoreOptions>? adjust)
    {
        _store = await Stores.CreateAsync(_db, adjust: adjust);
        await Stores.AppendSetBasedAsync(_store, _db, [new EventRow(Stream, 1, Guid.NewGuid(), _admitted, DateTimeOffset.UtcNow, "system", null, "corr", "cause")]);

        var json = JsonSerializer.Serialize(_admitted, casing == "camelCase" ? JsonSerializerOptions.Web : JsonSerializerOptions.Default);
        json.ShouldContain(casing == "camelCase" ? "\"requestId\"" : "\"RequestId\"");
        await using var update = _db.DataSource.CreateCommand("update mt_events set data = $1::jsonb where stream_id = $2 returning seq_id");
        update.Parameters.Add(new() { Value = json });
        update.Parameters.Add(new() { Value = Stream });
        return (long)(await update.ExecuteScalarAsync())!;
    }

    private static void SkipErrors(StoreOptions options, bool skip)
    {
        options.Projections.Errors.SkipApplyErrors = skip;
        options.Projections.Errors.SkipSerializationErrors = skip;
        options.Projections.Errors.SkipUnknownEvents = skip;
    }

    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> FetchAsync()
    {
        await using var session = _store!.QuerySession();
        return await session.Events.FetchStreamAsync(Stream);
    }

    private async Task<RequestSummary?> LoadSummaryAsync()
    {
        await using var session = _store!.QuerySession();
        return await session.LoadAsync<RequestSummary>(Stream);
    }

    private async Task<long> DeadLettersAsync()
    {
        await using var command = _db.DataSource.CreateCommand("select count(*) from mt_doc_deadletterevent");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
