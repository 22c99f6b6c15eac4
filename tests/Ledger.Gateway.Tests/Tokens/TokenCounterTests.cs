namespace Ledger.Gateway.Tests.Tokens;

public sealed class TokenCounterTests
{
    [Fact]
    public void empty_and_blank_text_count_nothing()
    {
        TokenCounter.Count("").ShouldBe(0);
        TokenCounter.Count("  \n\t ").ShouldBe(0);
    }

    [Fact]
    public void short_words_are_one_token_each_and_punctuation_counts_apart()
    {
        TokenCounter.Count("the cat sat").ShouldBe(3);
        TokenCounter.Count("Hello, world!").ShouldBe(2 + 2 + 2); // "Hello" is 5 letters: two pieces
    }

    [Fact]
    public void long_words_are_split_every_four_characters()
    {
        TokenCounter.Count("abcd").ShouldBe(1);
        TokenCounter.Count("abcde").ShouldBe(2);
        TokenCounter.Count("internationalization").ShouldBe(5); // 20 letters
    }

    [Fact]
    public void accented_words_count_by_character_not_by_utf16_unit_and_ideographs_one_each()
    {
        TokenCounter.Count("café").ShouldBe(1);
        TokenCounter.Count("cafe\u0301").ShouldBe(2); // decomposed accent stays in the word: 5 runes
        TokenCounter.Count("你好世界").ShouldBe(4);
        TokenCounter.Count("ok 👍").ShouldBe(2);
    }

    [Fact]
    public void the_prompt_estimate_adds_message_overhead_to_the_text()
    {
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "Be brief." },
                new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "the cat sat" }) }),
        };

        // "Be brief." = 1 + 2 + 1, "the cat sat" = 3, two messages at 4, reply priming 3.
        TokenCounter.EstimatePrompt(body).ShouldBe(4 + 3 + 8 + 3);
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
}
