using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Gateway.Providers;

/// <summary>
/// One pooled HttpClient per provider (never one per request: sockets and TLS sessions are reused), and the
/// single place where transport and status failures become <see cref="ProviderException"/>s.
/// </summary>
internal sealed class UpstreamClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    /// <param name="traced">
    /// Whether the node traces: then each call is an HttpClient span under the provider's, but still sends no
    /// trace headers (nor the client's baggage) to a third party. Untraced, the handler has no tracing stage at all.
    /// </param>
    public UpstreamClient(ProviderOptions options, string path, Action<HttpRequestHeaders> defaultHeaders, bool traced)
    {
        Options = options;
        Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var baseUrl = options.BaseUrl ?? throw new InvalidOperationException($"Provider '{options.Name}' needs a BaseUrl.");
        _endpoint = new Uri(baseUrl.TrimEnd('/') + path);
        _http = new HttpClient(new SocketsHttpHandler
        {
            // Bounded lifetime so DNS changes (provider failover on their side) are picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, options.TimeoutSeconds)),
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = traced ? DistributedContextPropagator.CreateNoOutputPropagator() : null,
        })
        {
            // Our own per-call token enforces the timeout, so a stream is not cut off mid-answer.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        defaultHeaders(_http.DefaultRequestHeaders);
    }

    public ProviderOptions Options { get; }
    public TimeSpan Timeout { get; }

    /// <summary>Posts the JSON written by <paramref name="write"/>; returns only a 2xx response, read up to its headers.</summary>
    public async Task<HttpResponseMessage> PostAsync<TState>(
        TState state, Action<Utf8JsonWriter, TState> write, CancellationToken token, CancellationToken clientCt)
    {
        // written into a pooled buffer, sent as a copy of exactly its size: over HTTP/2 the body may
        // still be going out after the response headers are back, so nothing handed over is pooled
        byte[] body;
        using (var buffer = new PooledBody())
        {
            using (var writer = new Utf8JsonWriter(buffer))
                write(writer, state);
            body = buffer.WrittenSpan.ToArray();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (Exception e) when (Map(e, clientCt.IsCancellationRequested) is { } failure)
        {
            throw failure;
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await StatusFailure(response, token);
    }

    /// <summary>Transport exceptions as provider failures; null for the client's own cancellation, which must propagate.</summary>
    public ProviderException? Map(Exception e, bool clientCancelled) => e switch
    {
        ProviderException => null,
        OperationCanceledException when clientCancelled => null,
        OperationCanceledException => new(Options.Name, ProviderFailure.Timeout, $"no answer within {Timeout.TotalSeconds:0.###} s", null, e),
        HttpRequestException or IOException => new(Options.Name, ProviderFailure.Connection, e.Message, null, e),
        JsonException => new(Options.Name, ProviderFailure.ServerError, "malformed JSON from upstream: " + e.Message, null, e),
        _ => null,
    };

    private async Task<ProviderException> StatusFailure(HttpResponseMessage response, CancellationToken token)
    {
        var status = (int)response.StatusCode;
        var failure = status switch
        {
            429 => ProviderFailure.RateLimited,
            408 => ProviderFailure.Timeout,
            401 or 403 => ProviderFailure.AuthFailed,
            >= 400 and < 500 => ProviderFailure.Rejected,
            _ => ProviderFailure.ServerError,
        };
        // An auth refusal's body is about our key (often quoting part of it): never read, so it cannot reach a client or a log.
        if (failure == ProviderFailure.AuthFailed)
            return new ProviderException(Options.Name, failure, $"{status} {response.ReasonPhrase}: the provider refused our API key", status);
        string message;
        try
        {
            message = ErrorMessage(await response.Content.ReadAsStringAsync(token)) ?? $"{status} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            message = $"{status} {response.ReasonPhrase}";
        }
        return new ProviderException(Options.Name, failure, message, status);
    }

    /// <summary>OpenAI and Anthropic both answer errors as {"error":{"message":...}}.</summary>
    private static string? ErrorMessage(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"] is { } error)
                return OpenAiShapes.String(error["message"]) ?? OpenAiShapes.String(error);
        }
        catch (JsonException)
        {
        }
        return body.Length == 0 ? null : body.Length > 500 ? body[..500] : body;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A request body written into arrays rented from the shared pool, returned on dispose.</summary>
    private sealed class PooledBody : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(4096);
        private int _written;

        public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsSpan(_written);
        }

        private void Ensure(int sizeHint)
        {
            if (_array.Length - _written >= Math.Max(sizeHint, 1)) return;
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _written + sizeHint));
            _array.AsSpan(0, _written).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_array);
    }
}
