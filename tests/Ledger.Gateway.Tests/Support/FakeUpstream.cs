using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ledger.Gateway.Tests.Support;

/// <summary>A real HTTP server on a free local port, standing in for OpenAI, Mistral or Anthropic (the Api tests compile it in too).</summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    /// <summary>Headers are copied: Kestrel reuses its header collections once the request ends.</summary>
    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, JsonObject Body);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();

    private FakeUpstream(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async ctx =>
        {
            var body = await JsonNode.ParseAsync(ctx.Request.Body) as JsonObject ?? [];
            _received.Enqueue(new Received(
                ctx.Request.Path,
                ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
            await handler(ctx);
        });
    }

    public string BaseUrl => _app.Urls.First();
    public IReadOnlyList<Received> Requests => [.. _received];
    public Received Last => _received.Last();

    public static async Task<FakeUpstream> StartAsync(Func<HttpContext, Task> handler)
    {
        var upstream = new FakeUpstream(handler);
        await upstream._app.StartAsync();
        return upstream;
    }

    public static Task<FakeUpstream> AnsweringAsync(int status, string json) =>
        StartAsync(ctx => Json(ctx, status, json));

    public static async Task Json(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(json);
    }

    /// <summary>Writes each line as its own SSE "data:" event, flushing between them as a real upstream does.</summary>
    public static async Task Sse(HttpContext ctx, params string[] data)
    {
        ctx.Response.ContentType = "text/event-stream";
        foreach (var line in data)
        {
            await ctx.Response.WriteAsync($"data: {line}\n\n");
            await ctx.Response.Body.FlushAsync();
        }
    }

    /// <summary>A URL where nothing listens: the port was free a moment ago and its listener is gone.</summary>
    public static string RefusingUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
