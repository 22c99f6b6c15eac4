using Ledger.Gateway.Tests.Support;
using static Ledger.Gateway.Tests.Support.Routes;

namespace Ledger.Gateway.Tests.Routing;

public sealed class CircuitTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private bool _down = true;
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() =>
        _upstream = await FakeUpstream.StartAsync(ctx => _down ? FakeUpstream.Json(ctx, 503, "{}") : FakeUpstream.Json(ctx, 200, Completion));

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task after_the_threshold_the_provider_is_skipped_until_the_break_has_passed()
    {
        var router = Router(Options(threshold: 2), _clock, Upstream("flaky", _upstream.BaseUrl, 1));
        var request = Chat.Request(Model, "Hi");
        for (var i = 0; i < 2; i++)
            await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(request, Eu, default));

        var skipped = await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(request, Eu, default));
        Outcomes(skipped.Attempts).ShouldBe(["flaky:circuit_open"]);
        _upstream.Requests.Count.ShouldBe(2);
        router.Health().Single().State.ShouldBe("open");

        _clock.Advance(TimeSpan.FromSeconds(29));
        await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(request, Eu, default));
        _upstream.Requests.Count.ShouldBe(2);

        _down = false;
        _clock.Advance(TimeSpan.FromSeconds(2));
        router.Health().Single().State.ShouldBe("half_open");
        var routed = await router.CompleteAsync(request, Eu, default);
        Outcomes(routed.Attempts).ShouldBe(["flaky:ok"]);
        router.Health().Single().State.ShouldBe("closed");
    }

    [Fact]
    public async Task a_failed_probe_opens_the_circuit_again_at_once()
    {
        var router = Router(Options(threshold: 2), _clock, Upstream("flaky", _upstream.BaseUrl, 1));
        var request = Chat.Request(Model, "Hi");
        for (var i = 0; i < 2; i++)
            await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(request, Eu, default));
        _clock.Advance(TimeSpan.FromSeconds(31));

        var probe = await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(request, Eu, default));
        var next = await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(request, Eu, default));

        Outcomes(probe.Attempts).ShouldBe(["flaky:server_error"]);
        Outcomes(next.Attempts).ShouldBe(["flaky:circuit_open"]);
    }

    [Fact]
    public async Task an_open_provider_is_ordered_after_healthy_ones_though_cheaper_and_comes_back_first_when_due()
    {
        var router = Router(Options(threshold: 2), _clock, Upstream("cheap-flaky", _upstream.BaseUrl, 1), Simulated("dear", 5));
        var request = Chat.Request(Model, "Hi");
        for (var i = 0; i < 2; i++)
            Outcomes((await router.CompleteAsync(request, Eu, default)).Attempts).ShouldBe(["cheap-flaky:server_error", "dear:ok"]);

        router.Candidates(Model, Eu).Select(c => c.Provider.Options.Name).ShouldBe(["dear", "cheap-flaky"]);
        Outcomes((await router.CompleteAsync(request, Eu, default)).Attempts).ShouldBe(["dear:ok"]);

        _down = false;
        _clock.Advance(TimeSpan.FromSeconds(30));
        router.Candidates(Model, Eu).Select(c => c.Provider.Options.Name).ShouldBe(["cheap-flaky", "dear"]);
        Outcomes((await router.CompleteAsync(request, Eu, default)).Attempts).ShouldBe(["cheap-flaky:ok"]);
    }

    [Fact]
    public async Task streams_cut_off_after_their_first_chunk_count_as_failures_while_their_answered_openings_keep_the_circuit_closed()
    {
        // each stream is cut only once the router handed it over, so the failure comes after the attempt
        using var handedOver = new SemaphoreSlim(0);
        await using var cutting = await FakeUpstream.StartAsync(async ctx =>
        {
            await FakeUpstream.Sse(ctx, """{"id":"c","choices":[{"index":0,"delta":{"content":"par"}}]}""");
            await handedOver.WaitAsync();
            ctx.Abort();
        });
        var router = Router(Options(threshold: 2), _clock, Upstream("cutting", cutting.BaseUrl, 1));
        for (var i = 0; i < 2; i++)
        {
            var routed = await router.OpenStreamAsync(Chat.Request(Model, "Hi"), Eu, default);
            await using var stream = routed.Stream;
            Outcomes(routed.Attempts).ShouldBe(["cutting:ok"]);
            handedOver.Release();
            await Should.ThrowAsync<ProviderException>(() => Chat.ReadAll(stream));
        }

        // each opening was answered: the breaker stays closed (as the consecutive count did), the error rate hears of the cuts
        var third = await router.OpenStreamAsync(Chat.Request(Model, "Hi"), Eu, default);
        await third.Stream.DisposeAsync();
        handedOver.Release();
        Outcomes(third.Attempts).ShouldBe(["cutting:ok"]);
        router.Health().Single().ShouldSatisfyAllConditions(
            h => h.State.ShouldBe("closed"),
            h => h.Requests.ShouldBe(5),
            h => h.Failures.ShouldBe(2));
    }

    [Fact]
    public async Task health_reports_requests_failures_error_rate_and_latency()
    {
        var router = Router(Options(threshold: 5), _clock, Upstream("flaky", _upstream.BaseUrl, 1));
        await Should.ThrowAsync<NoProviderAvailableException>(() => router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default));
        _down = false;
        await router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default);

        var health = router.Health().Single();

        health.ShouldSatisfyAllConditions(
            () => health.Name.ShouldBe("flaky"),
            () => health.Region.ShouldBe("eu"),
            () => health.State.ShouldBe("closed"),
            () => health.Requests.ShouldBe(2),
            () => health.Failures.ShouldBe(1),
            () => health.ErrorRate.ShouldBe(0.09, tolerance: 0.001), // 0.1 after the failure, decayed by one success
            () => health.EwmaLatencyMs.ShouldBeGreaterThan(0));
    }
}
