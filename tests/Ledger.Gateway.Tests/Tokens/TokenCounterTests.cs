namespace Ledger.Gateway.Tests.Tokens;

public sealed class TokenCounterTests
{
    [Fact]
    public void empty_text_counts_nothing_and_whitespace_is_a_token_like_any_text()
    {
        TokenCounter.Count("").ShouldBe(0);
        TokenCounter.Count("  \n\t ").ShouldBe(2); // o200k: "  \n" and "\t "
    }

    [Fact]
    public void counts_are_o200k_base_counts()
    {
        TokenCounter.Count("Hello world").ShouldBe(2);
        TokenCounter.Count("Hello, world!").ShouldBe(4);
        TokenCounter.Count("the cat sat").ShouldBe(3);
        TokenCounter.Count("internationalization").ShouldBe(2);
        TokenCounter.Count("你好世界").ShouldBe(2);
    }

    [Fact]
    public void counts_match_the_examples_in_openais_token_counting_cookbook()
    {
        // "How to count tokens with tiktoken", sections 3 and 5, o200k_base.
        TokenCounter.Count("tiktoken is great!").ShouldBe(6);
        TokenCounter.Count("antidisestablishmentarianism").ShouldBe(6);
        TokenCounter.Count("2 + 2 = 4").ShouldBe(7);
        TokenCounter.Count("お誕生日おめでとう").ShouldBe(8);
    }

    [Fact]
    public void the_prompt_estimate_matches_openais_count_for_the_cookbook_conversation()
    {
        // Section 6: the OpenAI API reported 124 prompt tokens for these messages on gpt-4o and gpt-4o-mini.
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(
                Message("system", "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
                Message("system", "New synergies will help drive top-line growth.", "example_user"),
                Message("system", "Things working well together will increase revenue.", "example_assistant"),
                Message("system", "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.", "example_user"),
                Message("system", "Let's talk later when we're less busy about how to do better.", "example_assistant"),
                Message("user", "This late pivot means we don't have time to boil the ocean for the client deliverable.")),
        };

        TokenCounter.EstimatePrompt(body).ShouldBe(124);
    }

    [Fact]
    public void the_prompt_estimate_adds_per_message_overhead_and_role_to_the_text()
    {
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(
                Message("system", "Be brief."),
                new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "the cat sat" }) }),
        };

        // 3 per message, "system"/"user" 1 each, "Be brief." 3, "the cat sat" 3, reply priming 3.
        TokenCounter.EstimatePrompt(body).ShouldBe(2 * 3 + 2 + 3 + 3 + 3);
    }

    [Fact]
    public void image_parts_cost_the_low_detail_base_and_tools_count_as_their_json()
    {
        var image = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(
                    new JsonObject { ["type"] = "text", ["text"] = "the cat sat" },
                    new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "https://example.com/cat.png" } }),
            }),
        };
        var tools = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } },
        });
        var withTools = new JsonObject { ["messages"] = new JsonArray(Message("user", "the cat sat")), ["tools"] = tools.DeepClone() };

        TokenCounter.EstimatePrompt(image).ShouldBe(3 + 1 + 3 + TokenCounter.PerImage + 3);
        TokenCounter.EstimatePrompt(withTools).ShouldBe(3 + 1 + 3 + 3 + TokenCounter.Count(tools.ToJsonString()));
    }

    [Fact]
    public void streamed_pieces_count_as_the_joined_text()
    {
        var tally = new TokenTally();
        foreach (var piece in new[] { "intern", "ational", "ization", " matters" })
            tally.Add(piece);

        tally.Total.ShouldBe(TokenCounter.Count("internationalization matters"));
    }

    [Fact]
    public void truncation_keeps_a_prefix_of_exactly_the_allowed_tokens()
    {
        var text = "Simulated reply to: internationalization matters.";
        for (var max = 0; max <= TokenCounter.Count(text); max++)
        {
            var prefix = TokenCounter.Truncate(text, max);
            text.ShouldStartWith(prefix);
            TokenCounter.Count(prefix).ShouldBe(max);
        }
    }

    private static JsonObject Message(string role, string content, string? name = null)
    {
        var message = new JsonObject { ["role"] = role, ["content"] = content };
        if (name is not null)
            message["name"] = name;
        return message;
    }
}
