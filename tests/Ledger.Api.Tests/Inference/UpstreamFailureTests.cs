using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Support;
using Ledger.Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Ledger.Api.Tests.Inference;

/// <summary>
/// Real upstreams over HTTP in place of appsettings' first two providers: both are in "eu", both serve gpt-5.1 and
/// the first is the cheaper, so it is tried first; only the first serves mistral-lg.
/// </summary>
public sealed class UpstreamFailureTests : GatewayTest
{
    private async Task<HttpClient> GatewayAsync(FakeUpstream cheap, FakeUpstream? dear = null, double timeoutSeconds = 30)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ledger:Gateway:Providers:0:Name"] = "acme-cheap",
            ["Ledger:Gateway:Providers:0:Kind"] = "openai",
            ["Ledger:Gateway:Providers:0:BaseUrl"] = cheap.BaseUrl,
            ["Ledger:Gateway:Providers:0:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (dear is not null)
        {
            settings["Ledger:Gateway:Providers:1:Name"] = "acme-dear";
            settings["Ledger:Gateway:Providers:1:Kind"] = "openai";
            settings["Ledger:Gateway:Providers:1:BaseUrl"] = dear.BaseUrl;
        }
        return (await NodeAsync(settings: settings)).Server.CreateClient();
    }

    [Fact]
    public async Task when_every_provider_refuses_our_key_the_client_gets_a_502_naming_no_provider_and_quoting_none()
    {
        await using var cheap = await FakeUpstream.AnsweringAsync(401, """{"error":{"message":"Incorrect API key provided: sk-live-abc"}}""");
        await using var dear = await FakeUpstream.AnsweringAsync(403, """{"error":{"message":"key disabled for org-42"}}""");
        var client = await GatewayAsync(cheap, dear);
        var org = await client.SignUpAsync();

        var (response, body) = await client.CompleteAsync(org.Key);

        ((int)response.StatusCode).ShouldBe(502);
        response.Headers.WwwAuthenticate.ShouldBeEmpty();
        var error = body["error"]!.AsObject();
        ((string?)error["code"]).ShouldBe("upstream_error");
        ((string?)error["type"]).ShouldBe("api_error");
        error.ContainsKey("param").ShouldBeTrue();
        var message = (string)error["message"]!;
        foreach (var leak in new[] { "acme", "sk-live", "Incorrect API key", "org-42", "401", "403" })
            message.ShouldNotContain(leak, Case.Insensitive);
        cheap.Requests.Count.ShouldBe(1);
        dear.Requests.Count.ShouldBe(1);
        var attempts = await AttemptsAsync(org.OrgId);
        attempts.Select(a => $"{a["provider"]}:{a["region"]}:{a["outcome"]}:{a["status"]}").ShouldBe(
            ["acme-cheap:eu:auth_failed:401", "acme-dear:eu:auth_failed:403"]);
    }

    [Fact]
    public async Task a_request_the_provider_calls_malformed_still_answers_400_and_its_event_keeps_every_attempt()
    {
        await using var cheap = await FakeUpstream.AnsweringAsync(503, """{"error":{"message":"overloaded"}}""");
        await using var dear = await FakeUpstream.AnsweringAsync(400, """{"error":{"message":"temperature must be at most 2"}}""");
        var client = await GatewayAsync(cheap, dear);
        var org = await client.SignUpAsync();

        var (response, body) = await client.CompleteAsync(org.Key);

        ((int)response.StatusCode).ShouldBe(400);
        body.Code().ShouldBe("upstream_rejected");
        ((string)body["error"]!["message"]!).ShouldContain("temperature must be at most 2");
        ((string)body["error"]!["message"]!).ShouldNotContain("acme");
        (await ScalarAsync<int>($"select (data->>'status')::int from ledger_events where type = 'V1.RequestCompleted' and org_id = '{org.OrgId}'")).ShouldBe(400);
        var attempts = await AttemptsAsync(org.OrgId);
        attempts.Select(a => $"{a["provider"]}:{a["region"]}:{a["outcome"]}:{a["status"]}").ShouldBe(
            ["acme-cheap:eu:server_error:503", "acme-dear:eu:rejected:400"]);
        attempts.ShouldAllBe(a => (double)a["latency_ms"]! > 0);
    }

    [Fact]
    public async Task a_client_that_hangs_up_mid_stream_is_settled_with_the_providers_own_usage()
    {
        var hungUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await FakeUpstream.StartAsync(async ctx =>
        {
            await FakeUpstream.Sse(ctx, Delta("Once"));
            await hungUp.Task;
            // the rest of the answer, after the client is gone: only reading on hears the provider's count
            foreach (var line in new[] { Delta(" upon"), Delta(" a time"), Finish, UsageOnly(1234, 567), "[DONE]" })
            {
                await ctx.Response.WriteAsync($"data: {line}\n\n");
                await ctx.Response.Body.FlushAsync();
            }
        });
        var client = await GatewayAsync(upstream);
        var org = await client.SignUpAsync();

        await HangUpAfterFirstChunkAsync(client, org.Key);
        // the hang-up reaches the gateway at once in the test server; give it time to act on it before the provider goes on
        await Task.Delay(300);
        hungUp.SetResult();

        await Wait.UntilAsync(async () => await ScalarAsync<long>($"select count(*) {Completed(org.OrgId)}") == 1);
        (await ScalarAsync<string>($"select concat_ws(',', data->>'status', data->>'tokens_in', data->>'tokens_out') {Completed(org.OrgId)}"))
            .ShouldBe("499,1234,567");
    }

    [Fact]
    public async Task after_a_hang_up_a_provider_that_never_ends_is_read_only_until_its_timeout()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await FakeUpstream.StartAsync(async ctx =>
        {
            await FakeUpstream.Sse(ctx, Delta("Once"));
            try
            {
                // never a final chunk, and never idle long enough for the provider's idle timeout
                while (true)
                {
                    await Task.Delay(50, ctx.RequestAborted);
                    await ctx.Response.WriteAsync($"data: {Delta(" more")}\n\n", ctx.RequestAborted);
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                }
            }
            catch (Exception) when (ctx.RequestAborted.IsCancellationRequested)
            {
                released.SetResult();
            }
        });
        // its idle timeout, far above the gap between chunks, leaves the deadline after the hang-up to end the read
        var client = await GatewayAsync(upstream, timeoutSeconds: 2);
        var org = await client.SignUpAsync();

        await HangUpAfterFirstChunkAsync(client, org.Key);

        await Wait.UntilAsync(async () => await ScalarAsync<long>($"select count(*) {Completed(org.OrgId)}") == 1);
        (await ScalarAsync<int>($"select (data->>'status')::int {Completed(org.OrgId)}")).ShouldBe(499);
        await released.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task after_a_hang_up_a_provider_streaming_past_the_reserved_tokens_is_let_go()
    {
        await using var upstream = await FakeUpstream.StartAsync(async ctx =>
        {
            await FakeUpstream.Sse(ctx, Delta("Once"));
            try
            {
                while (true)
                {
                    await Task.Delay(5, ctx.RequestAborted);
                    await ctx.Response.WriteAsync($"data: {Delta(" more")}\n\n", ctx.RequestAborted);
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                }
            }
            catch (Exception) when (ctx.RequestAborted.IsCancellationRequested)
            {
            }
        });
        // a deadline well past the wait below: only the token bound can end this read in time
        var client = await GatewayAsync(upstream, timeoutSeconds: 120);
        var org = await client.SignUpAsync();

        await HangUpAfterFirstChunkAsync(client, org.Key, maxTokens: 5);

        await Wait.UntilAsync(async () => await ScalarAsync<long>($"select count(*) {Completed(org.OrgId)}") == 1);
        (await ScalarAsync<string>($"select concat_ws(',', data->>'status', data->>'tokens_out') {Completed(org.OrgId)}")).ShouldBe("499,14");
    }

    /// <summary>Reads the first event of a mistral-lg stream (served by the first provider only), then goes away.</summary>
    private static async Task HangUpAfterFirstChunkAsync(HttpClient client, string key, int? maxTokens = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions");
        request.Content = JsonContent.Create(Chat.Body("mistral-lg", maxTokens: maxTokens, stream: true));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync()).ShouldStartWith("data: ");
    }

    private static string Completed(Guid orgId) => $"from ledger_events where type = 'V1.RequestCompleted' and org_id = '{orgId}'";

    private static string Delta(string text) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"{{text}}"},"finish_reason":null}]}""";

    private const string Finish =
        """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";

    private static string UsageOnly(int prompt, int completion) => new JsonObject
    {
        ["id"] = "c1", ["object"] = "chat.completion.chunk", ["created"] = 1, ["model"] = "m", ["choices"] = new JsonArray(),
        ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion },
    }.ToJsonString();

    private async Task<List<JsonObject>> AttemptsAsync(Guid orgId) =>
        [.. JsonNode.Parse(await ScalarAsync<string>(
            $"select (data->'attempts')::text from ledger_events where type = 'V1.RequestCompleted' and org_id = '{orgId}'"))!.AsArray().Select(a => a!.AsObject())];

    private Task<T> ScalarAsync<T>(string sql) => Db.ScalarAsync<T>(sql);
}
