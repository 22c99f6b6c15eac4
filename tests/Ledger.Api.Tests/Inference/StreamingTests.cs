using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Inference;

public sealed class StreamingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private async Task<List<string>> StreamAsync(string key, bool includeUsage)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model = "gpt-5.1",
                stream = true,
                stream_options = new { include_usage = includeUsage },
                messages = new[] { new { role = "user", content = "Tell me about double-entry bookkeeping" } },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var lines = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
            if (line.StartsWith("data: ")) lines.Add(line[6..]);
        return lines;
    }

    [Fact]
    public async Task a_stream_ends_with_usage_and_done_only_after_its_completion_is_in_the_ledger()
    {
        var org = await gateway.Client.SignUpAsync();
        var lines = await StreamAsync(org.Key, includeUsage: true);

        lines[^1].ShouldBe("[DONE]");
        var usage = JsonNode.Parse(lines[^2])!["usage"]!;
        var recorded = await gateway.Database.ScalarAsync<int>(
            $"select (data->>'tokens_out')::int from ledger_events where type = 'V1.RequestCompleted' and org_id = '{org.OrgId}'");
        recorded.ShouldBe((int)usage["completion_tokens"]!);
        lines.Count(l => l != "[DONE]" && JsonNode.Parse(l)!["choices"]!.AsArray().Count > 0).ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task without_include_usage_no_usage_chunk_is_sent_but_the_cost_is_still_recorded()
    {
        var org = await gateway.Client.SignUpAsync();
        var lines = await StreamAsync(org.Key, includeUsage: false);

        lines[^1].ShouldBe("[DONE]");
        lines.Where(l => l != "[DONE]").ShouldAllBe(l => JsonNode.Parse(l)!["usage"] == null);
        (await gateway.Database.ScalarAsync<long>($"select count(*) from ledger_events where type = 'V1.RequestCompleted' and org_id = '{org.OrgId}'")).ShouldBe(1);
    }
}
