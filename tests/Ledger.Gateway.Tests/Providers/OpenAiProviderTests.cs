using Microsoft.AspNetCore.Http;
using Ledger.Gateway.Providers.OpenAi;
using Ledger.Gateway.Tests.Support;

namespace Ledger.Gateway.Tests.Providers;

public sealed class OpenAiProviderTests
{
    private const string Completion = """
        {"id":"cmpl-1","object":"chat.completion","created":1,"model":"mistral-large-latest",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour le monde"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}
        """;

    private static OpenAiProvider Provider(FakeUpstream upstream, double timeoutSeconds = 30)
    {
        var options = Chat.Provider("mistral-eu", ProviderKinds.OpenAi, upstream.BaseUrl + "/v1", "eu", ("mistral-lg", Chat.Price()));
        options.UpstreamModelNames = new() { ["mistral-lg"] = "mistral-large-latest" };
        options.TimeoutSeconds = timeoutSeconds;
        return new OpenAiProvider(options, "sk-test");
    }

    [Fact]
    public async Task the_upstream_receives_the_clients_body_with_its_model_name_and_our_key()
    {
        await using var upstream = await FakeUpstream.AnsweringAsync(200, Completion);
        using var provider = Provider(upstream);

        var result = await provider.CompleteAsync(Chat.Request("mistral-lg", "Hello", b => b["temperature"] = 0.2), default);

        var received = upstream.Last;
        received.Path.ShouldBe("/v1/chat/completions");
        received.Headers["Authorization"].ShouldBe("Bearer sk-test");
        received.Body["model"]!.GetValue<string>().ShouldBe("mistral-large-latest");
        received.Body["temperature"]!.GetValue<double>().ShouldBe(0.2);
        received.Body["messages"]![0]!["content"]!.GetValue<string>().ShouldBe("Hello");
        received.Body.ContainsKey("stream").ShouldBeFalse();
        result.Usage.ShouldBe(new TokenUsage(11, 3));
        Chat.Content(result.Body).ShouldBe("Bonjour le monde");
        result.Body["model"]!.GetValue<string>().ShouldBe("mistral-lg");
    }

    [Fact]
    public async Task usage_missing_upstream_is_counted_from_the_text_and_added_to_the_body()
    {
        await using var upstream = await FakeUpstream.AnsweringAsync(200, """
            {"id":"c","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour le monde"},"finish_reason":"stop"}]}
            """);
        using var provider = Provider(upstream);
        var request = Chat.Request("mistral-lg", "Hello");

        var result = await provider.CompleteAsync(request, default);

        result.Usage.ShouldBe(new TokenUsage(TokenCounter.EstimatePrompt(request.Body), TokenCounter.Count("Bonjour le monde")));
        result.Body["usage"]!["completion_tokens"]!.GetValue<int>().ShouldBe(result.Usage.CompletionTokens);
    }

    [Fact]
    public async Task streaming_forces_usage_upstream_and_passes_it_on_when_the_client_asked()
    {
        await using var upstream = await FakeUpstream.StartAsync(ctx => FakeUpstream.Sse(ctx,
            """{"id":"s1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""",
            """{"id":"s1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Bon"}}]}""",
            """{"id":"s1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"jour"},"finish_reason":"stop"}]}""",
            """{"id":"s1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""",
            "[DONE]"));
        using var provider = Provider(upstream);
        var request = Chat.Request("mistral-lg", "Hello", b =>
        {
            b["stream"] = true;
            b["stream_options"] = new JsonObject { ["include_usage"] = true };
        });

        await using var stream = await provider.OpenStreamAsync(request, default);
        var chunks = await Chat.ReadAll(stream);

        upstream.Last.Body["stream"]!.GetValue<bool>().ShouldBeTrue();
        upstream.Last.Body["stream_options"]!["include_usage"]!.GetValue<bool>().ShouldBeTrue();
        Chat.StreamedText(chunks).ShouldBe("Bonjour");
        chunks.ShouldAllBe(c => c["model"]!.GetValue<string>() == "mistral-lg");
        chunks[^1]["usage"]!["prompt_tokens"]!.GetValue<int>().ShouldBe(9);
        stream.Usage.ShouldBe(new TokenUsage(9, 2));
    }

    [Fact]
    public async Task streaming_without_upstream_usage_counts_words_split_across_chunks_once()
    {
        await using var upstream = await FakeUpstream.StartAsync(ctx => FakeUpstream.Sse(ctx,
            """{"id":"s2","choices":[{"index":0,"delta":{"content":"Bon"}}]}""",
            """{"id":"s2","choices":[{"index":0,"delta":{"content":"jour le monde"},"finish_reason":"stop"}]}""",
            "[DONE]"));
        using var provider = Provider(upstream);
        var request = Chat.Request("mistral-lg", "Hello", b => b["stream_options"] = new JsonObject { ["include_usage"] = true });

        await using var stream = await provider.OpenStreamAsync(request, default);
        var chunks = await Chat.ReadAll(stream);

        var expected = new TokenUsage(TokenCounter.EstimatePrompt(request.Body), TokenCounter.Count("Bonjour le monde"));
        stream.Usage.ShouldBe(expected);
        chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>().ShouldBe(expected.CompletionTokens);
    }

    [Fact]
    public async Task a_stream_is_read_as_the_sse_spec_says_crlf_comments_event_names_and_data_over_several_lines()
    {
        await using var upstream = await FakeUpstream.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync(
                ": keep-alive\r\n\r\n" +
                "event: chunk\r\ndata: {\"id\":\"s4\",\"choices\":[{\"index\":0,\r\ndata: \"delta\":{\"content\":\"Bon\"}}]}\r\n\r\n" +
                "data:{\"id\":\"s4\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"jour\"},\"finish_reason\":\"stop\"}]}\n\n" +
                "data: {\"id\":\"s4\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\r\r" +
                "data: [DONE]\r\n\r\n");
        });
        using var provider = Provider(upstream);

        await using var stream = await provider.OpenStreamAsync(Chat.Request("mistral-lg", "Hello"), default);
        var chunks = await Chat.ReadAll(stream);

        Chat.StreamedText(chunks).ShouldBe("Bonjour");
        stream.Usage.ShouldBe(new TokenUsage(3, 2));
    }

    [Fact]
    public async Task the_usage_only_chunk_is_withheld_from_a_client_that_did_not_ask_for_it()
    {
        await using var upstream = await FakeUpstream.StartAsync(ctx => FakeUpstream.Sse(ctx,
            """{"id":"s3","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}],"usage":null}""",
            """{"id":"s3","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}""",
            "[DONE]"));
        using var provider = Provider(upstream);

        await using var stream = await provider.OpenStreamAsync(Chat.Request("mistral-lg", "Hello"), default);
        var chunks = await Chat.ReadAll(stream);

        chunks.Count.ShouldBe(1);
        chunks[0].ContainsKey("usage").ShouldBeFalse();
        stream.Usage.ShouldBe(new TokenUsage(4, 1));
    }

    [Theory]
    [InlineData(429, ProviderFailure.RateLimited)]
    [InlineData(503, ProviderFailure.ServerError)]
    [InlineData(400, ProviderFailure.Rejected)]
    public async Task upstream_statuses_become_failures_carrying_the_upstream_message(int status, ProviderFailure failure)
    {
        await using var upstream = await FakeUpstream.AnsweringAsync(status, """{"error":{"message":"model is tired","type":"x"}}""");
        using var provider = Provider(upstream);

        var e = await Should.ThrowAsync<ProviderException>(() => provider.CompleteAsync(Chat.Request("mistral-lg", "Hi"), default));

        e.Failure.ShouldBe(failure);
        e.UpstreamStatus.ShouldBe(status);
        e.UpstreamMessage.ShouldBe("model is tired");
        e.Provider.ShouldBe("mistral-eu");
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task a_refused_provider_key_is_an_auth_failure_that_keeps_none_of_the_upstreams_body(int status)
    {
        await using var upstream = await FakeUpstream.AnsweringAsync(status, """{"error":{"message":"Incorrect API key provided: sk-live-abc123"}}""");
        using var provider = Provider(upstream);

        var e = await Should.ThrowAsync<ProviderException>(() => provider.CompleteAsync(Chat.Request("mistral-lg", "Hi"), default));

        e.Failure.ShouldBe(ProviderFailure.AuthFailed);
        e.Retryable.ShouldBeTrue();
        e.UpstreamStatus.ShouldBe(status);
        e.Message.ShouldNotContain("sk-live");
        e.UpstreamMessage.ShouldNotContain("Incorrect API key");
    }

    [Fact]
    public async Task a_slow_upstream_is_a_timeout()
    {
        await using var upstream = await FakeUpstream.StartAsync(ctx => Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted));
        using var provider = Provider(upstream, timeoutSeconds: 0.2);

        var e = await Should.ThrowAsync<ProviderException>(() => provider.CompleteAsync(Chat.Request("mistral-lg", "Hi"), default));

        e.Failure.ShouldBe(ProviderFailure.Timeout);
    }

    [Fact]
    public async Task a_refused_connection_is_a_connection_failure()
    {
        var options = Chat.Provider("gone", ProviderKinds.OpenAi, FakeUpstream.RefusingUrl(), "eu", ("mistral-lg", Chat.Price()));
        using var provider = new OpenAiProvider(options, null);

        var e = await Should.ThrowAsync<ProviderException>(() => provider.CompleteAsync(Chat.Request("mistral-lg", "Hi"), default));

        e.Failure.ShouldBe(ProviderFailure.Connection);
    }
}
