using Microsoft.AspNetCore.Http;
using Ledger.Gateway.Providers.Anthropic;
using Ledger.Gateway.Tests.Support;

namespace Ledger.Gateway.Tests.Providers;

public sealed class AnthropicProviderTests
{
    private const string Message = """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":[{"type":"text","text":"Hello "},{"type":"text","text":"there"}],
         "stop_reason":"max_tokens","stop_sequence":null,
         "usage":{"input_tokens":20,"cache_read_input_tokens":5,"output_tokens":7}}
        """;

    private static AnthropicProvider Provider(FakeUpstream upstream)
    {
        var options = Chat.Provider("anthropic-eu", ProviderKinds.Anthropic, upstream.BaseUrl, "eu",
            ("claude-4", Chat.Price(3, 15, "USD", maxOutput: 8192)));
        options.UpstreamModelNames = new() { ["claude-4"] = "claude-sonnet-4-5" };
        return new AnthropicProvider(options, "ak-test", TimeProvider.System);
    }

    private static ChatRequest Conversation(Action<JsonObject>? extra = null)
    {
        var request = Chat.Request("claude-4", "ignored", extra);
        request.Body["messages"] = new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = "Be brief." },
            new JsonObject { ["role"] = "user", ["content"] = "Hi" },
            new JsonObject { ["role"] = "assistant", ["content"] = "Hello!" },
            new JsonObject { ["role"] = "developer", ["content"] = "Answer in English." },
            new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "How are you?" }) });
        return request;
    }

    [Fact]
    public async Task anthropic_receives_system_apart_its_turns_its_headers_and_the_translated_settings()
    {
        await using var upstream = await FakeUpstream.AnsweringAsync(200, Message);
        using var provider = Provider(upstream);

        await provider.CompleteAsync(Conversation(b =>
        {
            b["max_tokens"] = 100;
            b["temperature"] = 1.5;
            b["top_p"] = 0.9;
            b["stop"] = "END";
        }), default);

        var received = upstream.Last;
        received.Path.ShouldBe("/v1/messages");
        received.Headers["x-api-key"].ShouldBe("ak-test");
        received.Headers["anthropic-version"].ShouldBe("2023-06-01");
        received.Headers.ContainsKey("Authorization").ShouldBeFalse();
        var body = received.Body;
        body["model"]!.GetValue<string>().ShouldBe("claude-sonnet-4-5");
        body["system"]!.GetValue<string>().ShouldBe("Be brief.\n\nAnswer in English.");
        body["max_tokens"]!.GetValue<int>().ShouldBe(100);
        body["temperature"]!.GetValue<double>().ShouldBe(1.0);
        body["top_p"]!.GetValue<double>().ShouldBe(0.9);
        body["stop_sequences"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["END"]);
        var turns = body["messages"]!.AsArray();
        turns.Select(t => t!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        turns[0]!["content"]!.GetValue<string>().ShouldBe("Hi");
        turns[2]!["content"]![0]!["type"]!.GetValue<string>().ShouldBe("text");
        turns[2]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("How are you?");
        body.ContainsKey("stream").ShouldBeFalse();
    }

    [Fact]
    public async Task without_max_tokens_the_models_output_cap_is_sent()
    {
        await using var upstream = await FakeUpstream.AnsweringAsync(200, Message);
        using var provider = Provider(upstream);

        await provider.CompleteAsync(Conversation(), default);

        upstream.Last.Body["max_tokens"]!.GetValue<int>().ShouldBe(8192);
    }

    [Fact]
    public async Task the_answer_comes_back_as_an_openai_completion_with_usage_mapped()
    {
        await using var upstream = await FakeUpstream.AnsweringAsync(200, Message);
        using var provider = Provider(upstream);

        var result = await provider.CompleteAsync(Conversation(), default);

        result.Body["object"]!.GetValue<string>().ShouldBe("chat.completion");
        result.Body["model"]!.GetValue<string>().ShouldBe("claude-4");
        result.Body["choices"]![0]!["message"]!["role"]!.GetValue<string>().ShouldBe("assistant");
        Chat.Content(result.Body).ShouldBe("Hello there");
        result.Body["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("length");
        result.Usage.ShouldBe(new TokenUsage(25, 7)); // cache reads are billed input too
        result.Body["usage"]!["total_tokens"]!.GetValue<int>().ShouldBe(32);
    }

    [Fact]
    public async Task an_anthropic_error_keeps_its_message_and_status()
    {
        await using var upstream = await FakeUpstream.AnsweringAsync(400,
            """{"type":"error","error":{"type":"invalid_request_error","message":"messages: roles must alternate"}}""");
        using var provider = Provider(upstream);

        var e = await Should.ThrowAsync<ProviderException>(() => provider.CompleteAsync(Conversation(), default));

        e.Failure.ShouldBe(ProviderFailure.Rejected);
        e.UpstreamStatus.ShouldBe(400);
        e.UpstreamMessage.ShouldBe("messages: roles must alternate");
    }

    [Fact]
    public async Task streaming_events_become_openai_chunks_with_usage_at_the_end()
    {
        await using var upstream = await FakeUpstream.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "text/event-stream";
            // Anthropic names each event on its own line; the reader must skip those and the pings.
            string[] events =
            [
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_9\",\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: ping\ndata: {\"type\":\"ping\"}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":6}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}",
            ];
            foreach (var e in events)
            {
                await ctx.Response.WriteAsync(e + "\r\n\r\n");
                await ctx.Response.Body.FlushAsync();
            }
        });
        using var provider = Provider(upstream);
        var request = Conversation(b => b["stream_options"] = new JsonObject { ["include_usage"] = true });

        await using var stream = await provider.OpenStreamAsync(request, default);
        var chunks = await Chat.ReadAll(stream);

        upstream.Last.Body["stream"]!.GetValue<bool>().ShouldBeTrue();
        chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>().ShouldBe("assistant");
        Chat.StreamedText(chunks).ShouldBe("Hello there");
        chunks.ShouldContain(c => c["choices"]!.AsArray().Count > 0 && c["choices"]![0]!["finish_reason"] != null
            && c["choices"]![0]!["finish_reason"]!.GetValue<string>() == "stop");
        chunks.ShouldAllBe(c => c["id"]!.GetValue<string>() == "chatcmpl-msg_9" && c["model"]!.GetValue<string>() == "claude-4");
        chunks[^1]["usage"]!["prompt_tokens"]!.GetValue<int>().ShouldBe(12);
        chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>().ShouldBe(6);
        stream.Usage.ShouldBe(new TokenUsage(12, 6));
    }

    [Fact]
    public async Task an_error_event_inside_the_stream_is_a_retryable_server_error()
    {
        await using var upstream = await FakeUpstream.StartAsync(ctx => FakeUpstream.Sse(ctx,
            """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));
        using var provider = Provider(upstream);

        await using var stream = await provider.OpenStreamAsync(Conversation(), default);
        var e = await Should.ThrowAsync<ProviderException>(() => Chat.ReadAll(stream));

        e.Failure.ShouldBe(ProviderFailure.ServerError);
        e.UpstreamMessage.ShouldBe("Overloaded");
    }
}
