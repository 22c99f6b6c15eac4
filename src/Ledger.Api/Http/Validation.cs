using FluentValidation;
using Wolverine.Http;

namespace Ledger.Api.Http;

/// <summary>
/// Checks a request body's shape at the edge with its FluentValidation validator. A bad body gets
/// 400 naming every failing field, and the handler (so the ledger) never sees it.
/// </summary>
public static class Validation
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder route) where T : class =>
        route.AddEndpointFilter(async (ctx, next) =>
        {
            var body = ctx.Arguments.OfType<T>().FirstOrDefault();
            if (body is null)
                return ApiErrors.Error(400, "invalid_request_body", "The request needs a JSON body.");
            var validator = ctx.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(body, ctx.HttpContext.RequestAborted);
            if (result.IsValid) return await next(ctx);
            return Invalid(result.Errors.Select(e => e.ErrorMessage), result.Errors.Select(e => e.PropertyName).Distinct());
        });

    /// <summary>
    /// The same check as a Wolverine endpoint's Validate step: continue, or 400 naming every failing field.
    /// </summary>
    public static async Task<IResult> CheckAsync<T>(IValidator<T> validator, T body, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(body, ct);
        return result.IsValid ? WolverineContinue.Result()
            : Invalid(result.Errors.Select(e => e.ErrorMessage), result.Errors.Select(e => e.PropertyName).Distinct());
    }

    /// <summary>400 invalid_request_body: every message, and the failing fields as the error's param.</summary>
    public static IResult Invalid(IEnumerable<string> messages, IEnumerable<string> fields) =>
        ApiErrors.Error(400, "invalid_request_body", string.Join(" ", messages), string.Join(",", fields));
}
