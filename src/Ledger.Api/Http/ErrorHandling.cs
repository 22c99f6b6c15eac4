using System.Text.Json;
using Ledger.Domain;
using Ledger.EventStore;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Ledger.Api.Http;

/// <summary>Turns exceptions into OpenAI-shaped errors that say what is wrong, never a bare 500 page.</summary>
public static class ErrorHandling
{
    public static void UseLedgerErrors(this WebApplication app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = _ => 500,
            // a refused rule or a bad parameter is an answer, not a fault: keep it out of the error log; so is
            // each request that meets a database outage (the request writer and the daemon log the outage
            // itself, and a stack trace per request would cost the node its CPU while it lasts)
            SuppressDiagnosticsCallback = ctx => ctx.Exception is DomainException or Usage.BadParameter or BadHttpRequestException
                || IsUnavailable(ctx.Exception),
            ExceptionHandler = async http =>
            {
                var feature = http.Features.Get<IExceptionHandlerFeature>();
                var result = Map(feature?.Error, http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ledger.Errors"), feature?.Endpoint);
                await result.ExecuteAsync(http);
            },
        });

    private static IResult Map(Exception? error, ILogger log, Endpoint? endpoint) => error switch
    {
        BadHttpRequestException { InnerException: JsonException j } when UnknownFields.Named(j, endpoint) is { } field =>
            UnknownFields.Error(field, endpoint),
        BadHttpRequestException { InnerException: JsonException j } => ApiErrors.Error(400, "invalid_json",
            $"The body is not valid for this endpoint: {j.Message}", j.Path?.TrimStart('$', '.')),
        BadHttpRequestException b => ApiErrors.Error(b.StatusCode, "invalid_request", b.Message),
        DomainException d => ApiErrors.From(d),
        Usage.BadParameter p => p.ToResult(),
        ConcurrencyException c => ApiErrors.Error(409, "concurrent_update",
            $"Another change to {c.StreamId} landed first; read it again and retry."),
        NpgsqlException or TimeoutException when IsUnavailable(error) => ApiErrors.Error(503, "ledger_unavailable",
            "The ledger database is unreachable; nothing was recorded. Retry shortly."),
        _ => Logged(error, log),
    };

    private static bool IsUnavailable(Exception e) => e is NpgsqlException { IsTransient: true } or TimeoutException
        || e.InnerException is System.Net.Sockets.SocketException;

    private static IResult Logged(Exception? error, ILogger log)
    {
        log.LogError(error, "Unhandled error");
        return ApiErrors.Error(500, "internal_error", "The gateway failed unexpectedly; the error is logged.");
    }
}
