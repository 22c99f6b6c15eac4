using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// An OTLP/HTTP receiver on a free local port, standing in for an OpenTelemetry collector: it keeps each export's
/// protobuf body as sent (attribute keys and string values are plain UTF-8 in it) and answers success.
/// </summary>
public sealed class FakeCollector : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private WebApplication? _app;

    public string Endpoint => _app!.Urls.First();

    /// <summary>Every span export so far (POST /v1/traces), as bytes.</summary>
    public IReadOnlyList<byte[]> Traces => [.. _received.Where(r => r.Path == "/v1/traces").Select(r => r.Body)];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async ctx =>
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            _received.Enqueue((ctx.Request.Path, body.ToArray()));
            ctx.Response.ContentType = "application/x-protobuf";   // an empty Export*ServiceResponse: all accepted
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
