using FluentValidation;

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
            var fields = result.Errors.Select(e => e.PropertyName).Distinct().ToArray();
            var message = string.Join(" ", result.Errors.Select(e => e.ErrorMessage));
            return ApiErrors.Error(400, "invalid_request_body", message, string.Join(",", fields));
        });
}
