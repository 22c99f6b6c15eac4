using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Alba;
using Ledger.Api.Hosting;
using Ledger.Api.Tests.Support;
using Ledger.Gateway;
using Ledger.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Tags = Ledger.Gateway.GatewayTracing.Tags;

namespace Ledger.Api.Tests.Ops;

/// <summary>
/// OpenTelemetry end to end. A node given OTEL_EXPORTER_OTLP_ENDPOINT (a fake collector) traces, as in production;
/// the test reads its spans through an in-memory exporter added beside the OTLP one. A node without it does not.
/// </summary>
public sealed class TracingTests(FakeCollector collector) : GatewayTest, IClassFixture<FakeCollector>
{
    private readonly RecordedSpans _spans = new();
    // in the prompt, and echoed by the simulated model into the answer: neither may reach a span.
    // The answer echoes the prompt's first 16 o200k tokens: 3 for "prompt-marker-", at most 1 per hex digit.
    private readonly string _marker = "prompt-marker-" + Guid.NewGuid().ToString("N")[..12];

    /// <param name="upstreams">Real upstreams over HTTP in place of appsettings' first providers (the first is the cheapest for gpt-5.1).</param>
    private Task<IAlbaHost> TracedNodeAsync(params FakeUpstream[] upstreams)
    {
        var settings = new Dictionary<string, string?>
        {
            [LedgerTelemetry.EndpointKey] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "ledger-under-test",
        };
        for (var i = 0; i < upstreams.Length; i++)
        {
            settings[$"Ledger:Gateway:Providers:{i}:Name"] = $"upstream-{i}";
            settings[$"Ledger:Gateway:Providers:{i}:Kind"] = "openai";
            settings[$"Ledger:Gateway:Providers:{i}:BaseUrl"] = upstreams[i].BaseUrl;
        }
        return NodeAsync(settings: settings, services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)));
    }

    private static async Task<SignedUp> PaidOrgAsync(HttpClient client)
    {
        var org = await client.SignUpAsync();
        await client.PayAsync(org.OrgId, 100m);
        return org;
    }

    [Fact]
    public async Task a_served_request_is_one_chat_span_over_admission_the_provider_and_settlement()
    {
        var client = (await TracedNodeAsync()).Server.CreateClient();
        var org = await PaidOrgAsync(client);
        var (r, body) = await client.PostAsync("/v1/chat/completions", Chat.Body(content: _marker), org.Key);
        ((int)r.StatusCode).ShouldBe(200, body.ToJsonString());

        var chat = (await _spans.ChatsOfAsync(org.OrgId, 1)).Single();
        var (provider, tokensIn, tokensOut) = await CompletedAsync(r);
        chat.DisplayName.ShouldBe("chat gpt-5.1");
        chat.GetTagItem(Tags.Operation).ShouldBe("chat");
        chat.GetTagItem(Tags.RequestModel).ShouldBe("gpt-5.1");
        chat.GetTagItem(Tags.Provider).ShouldBe(provider);
        chat.GetTagItem(Tags.InputTokens).ShouldBe(tokensIn);
        chat.GetTagItem(Tags.OutputTokens).ShouldBe(tokensOut);
        chat.GetTagItem(Tags.FinishReasons).ShouldBe(new[] { "stop" });
        chat.GetTagItem(Tags.KeyId).ShouldBe(org.KeyId.ToString());
        chat.GetTagItem(Tags.RefusalCode).ShouldBeNull();
        chat.Status.ShouldBe(ActivityStatusCode.Unset);

        // under the request's server span; the writer's statements under the admission's and the settlement's own spans
        var trace = await _spans.WhenAsync(all => all.Any(s => s.SpanId == chat.ParentSpanId)
            && _spans.ChildrenOf(chat).Count(c => _spans.ChildrenOf(c).Any(s => s.Source.Name == "Npgsql")) == 2);
        trace.Single(s => s.SpanId == chat.ParentSpanId).Source.Name.ShouldBe("Microsoft.AspNetCore");
        var children = _spans.ChildrenOf(chat);
        children.Select(c => c.DisplayName).ShouldBe(["admission", $"provider {provider}", "settlement"]);
        children[1].Kind.ShouldBe(ActivityKind.Client);
        children[1].GetTagItem(Tags.Provider).ShouldBe(provider);
        _spans.ChildrenOf(children[0]).ShouldContain(s => s.Source.Name == "Npgsql");
        _spans.ChildrenOf(children[2]).ShouldContain(s => s.Source.Name == "Npgsql");
    }

    [Fact]
    public async Task a_refused_request_carries_its_refusal_code_and_never_reaches_a_provider()
    {
        var client = (await TracedNodeAsync()).Server.CreateClient();
        var org = await PaidOrgAsync(client);
        var minted = (await client.PostAsync("/me/keys", new { name = "rpm", rpm_limit = 1 }, org.Key)).Body;
        var key = (string)minted["key"]!;
        (await client.CompleteAsync(key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        var (refused, _) = await client.CompleteAsync(key);
        ((int)refused.StatusCode).ShouldBe(429);

        var chats = await _spans.ChatsOfAsync(org.OrgId, 2);
        chats[0].GetTagItem(Tags.RefusalCode).ShouldBeNull();
        var chat = chats[1];
        chat.GetTagItem(Tags.RefusalCode).ShouldBe("rate_limit_exceeded");
        chat.GetTagItem(Tags.KeyId).ShouldBe((string)minted["id"]!);
        chat.GetTagItem(Tags.Provider).ShouldBeNull();
        chat.Status.ShouldBe(ActivityStatusCode.Unset);   // a refusal is an answer, not a failure
        _spans.ChildrenOf(chat).Select(c => c.DisplayName).ShouldBe(["admission"]);
        _spans.TraceOf(chat).ShouldNotContain(s => s.DisplayName.StartsWith("provider ") || s.Source.Name == "System.Net.Http");
    }

    [Fact]
    public async Task a_provider_that_fails_is_an_error_span_of_its_own_over_its_http_call_and_the_request_fails_over()
    {
        await using var failing = await FakeUpstream.AnsweringAsync(503, """{"error":{"message":"overloaded"}}""");
        var client = (await TracedNodeAsync(failing)).Server.CreateClient();
        var org = await PaidOrgAsync(client);
        var (r, _) = await client.CompleteAsync(org.Key);
        ((int)r.StatusCode).ShouldBe(200);

        var chat = (await _spans.ChatsOfAsync(org.OrgId, 1)).Single();
        var (served, _, _) = await CompletedAsync(r);
        chat.GetTagItem(Tags.Provider).ShouldBe(served);
        chat.Status.ShouldBe(ActivityStatusCode.Unset);
        var tries = _spans.ChildrenOf(chat).Where(c => c.DisplayName.StartsWith("provider ")).ToList();
        tries.Select(t => t.DisplayName).ShouldBe(["provider upstream-0", $"provider {served}"]);
        (tries[0].Status, tries[0].GetTagItem(Tags.ErrorType)).ShouldBe((ActivityStatusCode.Error, "server_error"));
        tries[1].Status.ShouldBe(ActivityStatusCode.Unset);
        var http = _spans.ChildrenOf(tries[0]).ShouldHaveSingleItem();
        http.Source.Name.ShouldBe("System.Net.Http");
        http.Kind.ShouldBe(ActivityKind.Client);
        failing.Last.Headers.Keys.ShouldNotContain("traceparent");   // our trace is none of a provider's business
    }

    [Fact]
    public async Task a_request_that_every_provider_fails_is_an_error_with_its_code()
    {
        await using var first = await FakeUpstream.AnsweringAsync(503, """{"error":{"message":"overloaded"}}""");
        await using var second = await FakeUpstream.AnsweringAsync(500, """{"error":{"message":"broken"}}""");
        var client = (await TracedNodeAsync(first, second)).Server.CreateClient();
        var org = await PaidOrgAsync(client);
        var (r, error) = await client.CompleteAsync(org.Key);
        ((int)r.StatusCode, error.Code()).ShouldBe((502, "upstream_error"));

        var chat = (await _spans.ChatsOfAsync(org.OrgId, 1)).Single();
        (chat.Status, chat.GetTagItem(Tags.ErrorType)).ShouldBe((ActivityStatusCode.Error, "upstream_error"));
        chat.GetTagItem(Tags.Provider).ShouldBeNull();
        (chat.GetTagItem(Tags.InputTokens), chat.GetTagItem(Tags.OutputTokens)).ShouldBe((0, 0));   // as settled: nothing served
        _spans.ChildrenOf(chat).Select(c => c.DisplayName).ShouldBe(["admission", "provider upstream-0", "provider upstream-1", "settlement"]);
    }

    [Fact]
    public async Task no_span_and_nothing_sent_to_the_collector_carries_the_prompt_or_the_answer()
    {
        var node = await TracedNodeAsync();
        var client = node.Server.CreateClient();
        var org = await PaidOrgAsync(client);
        var (r, body) = await client.PostAsync("/v1/chat/completions", Chat.Body(content: _marker), org.Key);
        ((string)body["choices"]![0]!["message"]!["content"]!).ShouldContain(_marker);   // the answer echoes it
        (await StreamAsync(client, org.Key)).ShouldContain(_marker);

        var chats = await _spans.ChatsOfAsync(org.OrgId, 2);
        await _spans.WhenAsync(all => chats.All(c => all.Any(s => s.SpanId == c.ParentSpanId)));
        chats[1].GetTagItem(Tags.FinishReasons).ShouldBe(new[] { "stop" });
        foreach (var span in _spans.Snapshot())
        {
            string[] texts = [span.DisplayName, span.StatusDescription ?? "",
                .. span.TagObjects.Select(t => Text(t.Value)), .. span.Events.SelectMany(e => e.Tags.Select(t => Text(t.Value))),
                .. span.Baggage.Select(b => b.Value ?? "")];
            texts.ShouldAllBe(t => !t.Contains(_marker), $"{span.Source.Name} {span.DisplayName}");
        }

        node.Services.GetRequiredService<TracerProvider>().ForceFlush().ShouldBeTrue();
        var exported = Encoding.UTF8.GetString([.. collector.Traces.SelectMany(b => b)]);
        exported.ShouldContain(Tags.InputTokens);
        exported.ShouldContain("ledger-under-test");   // OTEL_SERVICE_NAME
        exported.ShouldContain(org.OrgId.ToString());
        exported.ShouldNotContain(_marker);
    }

    [Fact]
    public async Task without_an_otlp_endpoint_the_request_path_starts_no_span_even_with_a_listener_in_the_process()
    {
        var started = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GatewayTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        // set empty, not left out: an OTLP endpoint in the environment running the tests must not turn it on
        var node = await NodeAsync(settings: new Dictionary<string, string?> { [LedgerTelemetry.EndpointKey] = "" });
        var client = node.Server.CreateClient();
        var org = await PaidOrgAsync(client);
        (await client.CompleteAsync(org.Key)).Response.IsSuccessStatusCode.ShouldBeTrue();
        (await StreamAsync(client, org.Key)).ShouldNotBeEmpty();

        var tracing = node.Services.GetRequiredService<GatewayTracing>();
        tracing.Enabled.ShouldBeFalse();
        tracing.StartChat("gpt-5.1").ShouldBeNull();
        node.Services.GetService<TracerProvider>().ShouldBeNull();
        // other tests' traced nodes may start spans meanwhile: none of them is this org's
        started.ShouldNotContain(s => (string?)s.GetTagItem(Tags.OrgId) == org.OrgId.ToString());
    }

    /// <summary>The provider, tokens in and tokens out the request's RequestCompleted recorded.</summary>
    private async Task<(string, int, int)> CompletedAsync(HttpResponseMessage r)
    {
        var stream = "req-" + r.Headers.GetValues("x-request-id").Single();
        var where = $"from ledger_events where stream_id = '{stream}' and type = 'V1.RequestCompleted'";
        return (await Db.ScalarAsync<string>($"select data->>'provider' {where}"),
            await Db.ScalarAsync<int>($"select (data->>'tokens_in')::int {where}"),
            await Db.ScalarAsync<int>($"select (data->>'tokens_out')::int {where}"));
    }

    private async Task<string> StreamAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Chat.Body(content: _marker, stream: true)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue();
        return await response.Content.ReadAsStringAsync();
    }

    private static string Text(object? value) =>
        value is IEnumerable items and not string ? string.Join(" ", items.Cast<object?>()) : Convert.ToString(value) ?? "";
}
