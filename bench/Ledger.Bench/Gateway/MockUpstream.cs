using System.Buffers;
using System.CommandLine;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ledger.Bench.Gateway;

/// <summary>
/// `mock`: an OpenAI-compatible upstream on loopback that answers POST /v1/chat/completions with a
/// fixed body (usage block included), after an optional delay, as SSE when the body asks to stream.
/// </summary>
internal static class MockUpstream
{
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes("""
        {"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"gpt-5.1","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the mock upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}
        """);

    private static readonly byte[][] Chunks =
    [
        .. new[] { "Hello", " from", " the", " mock", " upstream." }.Select(t => Encoding.UTF8.GetBytes(
            $"data: {{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-5.1\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{t}\"}},\"finish_reason\":null}}]}}\n\n")),
        Encoding.UTF8.GetBytes("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-5.1\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}\n\n"),
        "data: [DONE]\n\n"u8.ToArray(),
    ];

    public static Command Command()
    {
        var port = new Option<int>("--port") { Description = "Loopback port", Required = true };
        var delay = new Option<int>("--delay-ms") { Description = "Delay before answering", DefaultValueFactory = _ => 0 };
        var command = new Command("mock", "Mock OpenAI-compatible upstream on 127.0.0.1 (runs until stopped)") { port, delay };
        command.SetAction((r, ct) => RunAsync(r.GetValue(port), r.GetValue(delay), ct));
        return command;
    }

    private static async Task<int> RunAsync(int port, int delayMs, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        // one terminal handler, no routing: the mock shares the machine with what it measures, so it
        // should cost as little CPU per request as it can
        app.Run(async http =>
        {
            var path = http.Request.Path.Value;
            if (path == "/healthz")
            {
                await http.Response.Body.WriteAsync("ok"u8.ToArray());
                return;
            }
            if (path is not ("/v1/chat/completions" or "/chat/completions") || !HttpMethods.IsPost(http.Request.Method))
            {
                http.Response.StatusCode = 404;
                return;
            }
            var stream = await AsksToStream(http.Request.BodyReader);
            if (delayMs > 0) await Task.Delay(delayMs);
            if (!stream)
            {
                http.Response.ContentType = "application/json";
                http.Response.ContentLength = Completion.Length;
                await http.Response.Body.WriteAsync(Completion);
                return;
            }
            http.Response.ContentType = "text/event-stream";
            foreach (var chunk in Chunks)
            {
                await http.Response.Body.WriteAsync(chunk);
                await http.Response.Body.FlushAsync();
            }
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>Reads the whole body (as a real upstream must) and looks for "stream":true without parsing it.</summary>
    private static async Task<bool> AsksToStream(PipeReader body)
    {
        while (true)
        {
            var read = await body.ReadAsync();
            // the body is small: look once it is all in, so a match across two segments is not missed
            if (read.IsCompleted)
            {
                var bytes = read.Buffer.IsSingleSegment ? read.Buffer.FirstSpan : read.Buffer.ToArray();
                var stream = bytes.IndexOf("\"stream\":true"u8) >= 0 || bytes.IndexOf("\"stream\": true"u8) >= 0;
                body.AdvanceTo(read.Buffer.End);
                return stream;
            }
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
