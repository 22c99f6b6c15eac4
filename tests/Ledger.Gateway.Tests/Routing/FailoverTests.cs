using Ledger.Gateway.Tests.Support;
using static Ledger.Gateway.Tests.Support.Routes;

namespace Ledger.Gateway.Tests.Routing;

public sealed class FailoverTests
{
    [Theory]
    [InlineData(503, "server_error")]
    [InlineData(500, "server_error")]
    [InlineData(429, "rate_limited")]
    public async Task a_failing_cheapest_provider_hands_over_to_the_next(int status, string outcome)
    {
        await using var failing = await FakeUpstream.AnsweringAsync(status, """{"error":{"message":"busy"}}""");
        await using var healthy = await FakeUpstream.AnsweringAsync(200, Completion);
        var router = Router(Options(), TimeProvider.System,
            Upstream("cheap", failing.BaseUrl, 1), Upstream("dear", healthy.BaseUrl, 2));

        var routed = await router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default);

        Outcomes(routed.Attempts).ShouldBe(["cheap:" + outcome, "dear:ok"]);
        routed.Attempts.Select(a => a.Status).ShouldBe([status, 200]);
        routed.Route.Provider.Options.Name.ShouldBe("dear");
        Chat.Content(routed.Completion.Body).ShouldBe("from upstream");
    }

    [Fact]
    public async Task a_refused_connection_hands_over_to_the_next()
    {
        var router = Router(Options(), TimeProvider.System,
            Upstream("cheap", FakeUpstream.RefusingUrl(), 1), Simulated("dear", 2));

        var routed = await router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default);

        Outcomes(routed.Attempts).ShouldBe(["cheap:connection", "dear:ok"]);
    }

    [Fact]
    public async Task a_timeout_hands_over_to_the_next()
    {
        await using var slow = await FakeUpstream.StartAsync(ctx => Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted));
        var router = Router(Options(), TimeProvider.System,
            Upstream("cheap", slow.BaseUrl, 1, timeoutSeconds: 0.2), Simulated("dear", 2));

        var routed = await router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default);

        Outcomes(routed.Attempts).ShouldBe(["cheap:timeout", "dear:ok"]);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task a_provider_refusing_our_key_hands_over_to_the_next_and_counts_as_unhealthy(int status)
    {
        await using var locked = await FakeUpstream.AnsweringAsync(status, """{"error":{"message":"invalid api key"}}""");
        await using var healthy = await FakeUpstream.AnsweringAsync(200, Completion);
        // two is the smallest threshold: Polly's breaker needs two calls to judge a failure ratio
        var router = Router(Options(threshold: 2), TimeProvider.System,
            Upstream("cheap", locked.BaseUrl, 1), Upstream("dear", healthy.BaseUrl, 2));

        var routed = await router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default);
        var again = await router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default);

        Outcomes(routed.Attempts).ShouldBe(["cheap:auth_failed", "dear:ok"]);
        Outcomes(again.Attempts).ShouldBe(["cheap:auth_failed", "dear:ok"]);
        routed.Attempts.Select(a => a.Status).ShouldBe([status, 200]);
        Chat.Content(routed.Completion.Body).ShouldBe("from upstream");
        var cheap = router.Health().Single(h => h.Name == "cheap");
        (cheap.State, cheap.Failures).ShouldBe(("open", 2L));
        var next = await router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default);
        Outcomes(next.Attempts).ShouldBe(["dear:ok"]);
        locked.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_stream_fails_over_when_the_first_provider_refuses_our_key()
    {
        await using var locked = await FakeUpstream.AnsweringAsync(401, """{"error":{"message":"invalid api key"}}""");
        var router = Router(Options(), TimeProvider.System, Upstream("cheap", locked.BaseUrl, 1), Simulated("dear", 2));

        var routed = await router.OpenStreamAsync(Chat.Request(Model, "Hi"), Eu, default);
        await using var stream = routed.Stream;

        Outcomes(routed.Attempts).ShouldBe(["cheap:auth_failed", "dear:ok"]);
        Chat.StreamedText(await Chat.ReadAll(stream)).ShouldStartWith("Simulated reply to: Hi");
    }

    [Fact]
    public async Task a_rejected_request_goes_back_to_the_client_without_trying_another_provider()
    {
        await using var strict = await FakeUpstream.AnsweringAsync(400, """{"error":{"message":"bad temperature"}}""");
        await using var other = await FakeUpstream.AnsweringAsync(200, Completion);
        var router = Router(Options(), TimeProvider.System,
            Upstream("cheap", strict.BaseUrl, 1), Upstream("dear", other.BaseUrl, 2));

        var e = await Should.ThrowAsync<ProviderException>(() => router.CompleteAsync(Chat.Request(Model, "Hi"), Eu, default));

        e.Failure.ShouldBe(ProviderFailure.Rejected);
        e.UpstreamMessage.ShouldBe("bad temperature");
        Outcomes(e.Attempts).ShouldBe(["cheap:rejected"]);
        other.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_stream_fails_over_when_the_first_provider_answers_503()
    {
        await using var failing = await FakeUpstream.AnsweringAsync(503, "{}");
        var router = Router(Options(), TimeProvider.System, Upstream("cheap", failing.BaseUrl, 1), Simulated("dear", 2));

        var routed = await router.OpenStreamAsync(Chat.Request(Model, "Hi"), Eu, default);
        await using var stream = routed.Stream;
        var chunks = await Chat.ReadAll(stream);

        Outcomes(routed.Attempts).ShouldBe(["cheap:server_error", "dear:ok"]);
        Chat.StreamedText(chunks).ShouldStartWith("Simulated reply to: Hi");
        stream.Usage.ShouldNotBeNull();
    }

    [Fact]
    public async Task a_stream_accepted_with_200_but_silent_before_its_first_chunk_still_fails_over()
    {
        await using var silent = await FakeUpstream.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        });
        var router = Router(Options(), TimeProvider.System,
            Upstream("cheap", silent.BaseUrl, 1, timeoutSeconds: 0.3), Simulated("dear", 2));

        var routed = await router.OpenStreamAsync(Chat.Request(Model, "Hi"), Eu, default);
        await using var stream = routed.Stream;

        Outcomes(routed.Attempts).ShouldBe(["cheap:timeout", "dear:ok"]);
        routed.Route.Provider.Options.Name.ShouldBe("dear");
    }
}
