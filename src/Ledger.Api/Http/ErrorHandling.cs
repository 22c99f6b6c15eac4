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

    // the framework's and the parser's own messages name handler parameters, CLR types and byte offsets:
    // the caller gets a code and a plain sentence, the detail goes to the log
    private static IResult Map(Exception? error, ILogger log, Endpoint? endpoint) => error switch
    {
        BadHttpRequestException { InnerException: JsonException j } when UnknownFields.Named(j, endpoint) is { } field =>
            UnknownFields.Error(field, endpoint),
        BadHttpRequestException { InnerException: JsonException j } => Detailed(log, j, ApiErrors.InvalidJson(ApiErrors.FieldOf(j))),
        BadHttpRequestException b => Detailed(log, b, ApiErrors.Error(b.StatusCode, "invalid_request", b.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "The body must be JSON, sent with 'Content-Type: application/json'.",
            _ => "The request could not be read: check its body, parameters and headers.",
        })),
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

    private static IResult Detailed(ILogger log, Exception detail, IResult answer)
    {
        log.LogInformation("Bad request: {Detail}", detail.Message);
        return answer;
    }

    private static IResult Logged(Exception? error, ILogger log)
    {
        log.LogError(error, "Unhandled error");
        return ApiErrors.Error(500, "internal_error", "The gateway failed unexpectedly; the error is logged.");
    }
}
