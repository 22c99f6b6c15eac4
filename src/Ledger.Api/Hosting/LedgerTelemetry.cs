using Ledger.Gateway;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ledger.Api.Hosting;

/// <summary>
/// OpenTelemetry, on only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (in the environment or any other
/// configuration source): traces (the gateway's spans, ASP.NET Core's, HttpClient's to real upstreams, Npgsql's
/// statements) and metrics go out over OTLP, shaped by the standard <c>OTEL_*</c> variables. Unset, nothing is
/// registered: no tracer provider, no listener, no source, so the request path builds no span at all.
/// </summary>
public static class LedgerTelemetry
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    // scraped and probed every few seconds: a trace each would drown the requests'
    private static readonly string[] Unsampled = ["/metrics", "/healthz", "/readyz"];

    public static IServiceCollection AddLedgerTelemetry(this IServiceCollection services, IConfiguration config)
    {
        var on = config[EndpointKey] is { Length: > 0 };
        services.AddSingleton(_ => new GatewayTracing(on));
        if (!on) return services;

        // the runtime's W3C propagation only, which the handlers to providers turn off (UpstreamClient): the SDK's
        // default propagator would add our trace and the client's baggage to every provider call itself
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
        var service = config["OTEL_SERVICE_NAME"] is { Length: > 0 } named ? named : "ledger";
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(service, serviceInstanceId: config["Ledger:NodeName"] ?? new LedgerOptions().NodeName))
            .WithTracing(t => t
                .AddSource(GatewayTracing.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !Unsampled.Contains(http.Request.Path.Value))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddOtlpExporter());
        return services;
    }
}
