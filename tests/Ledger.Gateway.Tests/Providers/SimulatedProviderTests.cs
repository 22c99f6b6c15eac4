using Ledger.Gateway.Providers.Simulated;
using Ledger.Gateway.Tests.Support;

namespace Ledger.Gateway.Tests.Providers;

public sealed class SimulatedProviderTests
{
    private readonly SimulatedProvider _provider = new(
        Chat.Provider("sim-eu", ProviderKinds.Simulated, null, "eu", ("gpt-5.1", Chat.Price())), TimeProvider.System);

    [Fact]
    public async Task the_same_prompt_gets_the_same_answer_and_another_prompt_another()
    {
        var first = await _provider.CompleteAsync(Chat.Request("gpt-5.1", "What is a ledger?"), default);
        var again = await _provider.CompleteAsync(Chat.Request("gpt-5.1", "What is a ledger?"), default);
        var other = await _provider.CompleteAsync(Chat.Request("gpt-5.1", "What is a budget?"), default);

        Chat.Content(first.Body).ShouldStartWith("Simulated reply to: What is a ledger?");
        Chat.Content(again.Body).ShouldBe(Chat.Content(first.Body));
        Chat.Content(other.Body).ShouldNotBe(Chat.Content(first.Body));
        first.Body["model"]!.GetValue<string>().ShouldBe("gpt-5.1");
        first.Body["object"]!.GetValue<string>().ShouldBe("chat.completion");
    }

    [Fact]
    public async Task usage_is_counted_from_the_prompt_and_the_answer_text()
    {
        var request = Chat.Request("gpt-5.1", "Count my tokens honestly, please.");

        var completion = await _provider.CompleteAsync(request, default);

        completion.Usage.PromptTokens.ShouldBe(TokenCounter.EstimatePrompt(request.Body));
        completion.Usage.CompletionTokens.ShouldBe(TokenCounter.Count(Chat.Content(completion.Body)));
        completion.Body["usage"]!["total_tokens"]!.GetValue<int>().ShouldBe(completion.Usage.TotalTokens);
        completion.Body["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
    }

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("max_completion_tokens")]
    public async Task the_answer_is_cut_to_max_tokens_and_says_so(string field)
    {
        var completion = await _provider.CompleteAsync(Chat.Request("gpt-5.1", "Tell me everything.", b => b[field] = 5), default);

        completion.Usage.CompletionTokens.ShouldBe(5);
        TokenCounter.Count(Chat.Content(completion.Body)).ShouldBe(5);
        completion.Body["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("length");
    }

    [Fact]
    public async Task streaming_sends_the_same_answer_in_several_chunks_then_a_usage_chunk_when_asked()
    {
        var request = Chat.Request("gpt-5.1", "Stream this.", b => b["stream_options"] = new JsonObject { ["include_usage"] = true });
        var whole = await _provider.CompleteAsync(request, default);

        await using var stream = await _provider.OpenStreamAsync(request, default);
        var chunks = await Chat.ReadAll(stream);

        chunks.Count.ShouldBeGreaterThan(4);
        chunks.ShouldAllBe(c => c["object"]!.GetValue<string>() == "chat.completion.chunk");
        Chat.StreamedText(chunks).ShouldBe(Chat.Content(whole.Body));
        var usage = chunks[^1]["usage"]!;
        chunks[^1]["choices"]!.AsArray().ShouldBeEmpty();
        usage["completion_tokens"]!.GetValue<int>().ShouldBe(whole.Usage.CompletionTokens);
        stream.Usage.ShouldBe(whole.Usage);
    }

    [Fact]
    public async Task streaming_without_include_usage_sends_no_usage_chunk_but_still_knows_usage()
    {
        await using var stream = await _provider.OpenStreamAsync(Chat.Request("gpt-5.1", "Stream this."), default);
        var chunks = await Chat.ReadAll(stream);

        chunks.ShouldAllBe(c => c["usage"] == null);
        chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
        stream.Usage.ShouldNotBeNull().CompletionTokens.ShouldBeGreaterThan(0);
    }
}
