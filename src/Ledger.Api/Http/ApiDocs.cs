using Ledger.Domain.Keys;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ledger.Api.Http;

/// <summary>
/// The OpenAPI document at /openapi/v1.json (Microsoft.AspNetCore.OpenApi): every route with its
/// request and response schemas, the error shape on the statuses each route can answer, and which
/// credential a route takes (a Ledger key, or the operator token), read from the same metadata the
/// authentication middleware acts on.
/// </summary>
public static class ApiDocs
{
    public const string KeyScheme = "ledger_key";
    public const string OperatorScheme = "operator_token";

    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info = new OpenApiInfo
                {
                    Title = "Ledger",
                    Version = "v1",
                    Description = "OpenAI-compatible LLM gateway on an event-sourced usage ledger. Errors are OpenAI-shaped: {\"error\": {\"message\", \"type\", \"code\", \"param\"}}.",
                };
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [KeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer",
                        Description = "A Ledger API key (br-…): full scope for /me, any scope for /v1.",
                    },
                    [OperatorScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer",
                        Description = "The operator token (Ledger:OperatorToken), for /admin.",
                    },
                };
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // a [JsonExtensionData] bag is written as fields of the object itself: the document names the ones it can hold
                foreach (var bag in context.JsonTypeInfo.Type.GetProperties())
                    if (bag.GetCustomAttributes(typeof(NumberFieldsAttribute), false) is [NumberFieldsAttribute fields])
                        foreach (var name in fields.Names)
                        {
                            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                            schema.Properties[name] = new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null };
                        }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var scheme = metadata.OfType<OperatorRequirement>().Any() ? OperatorScheme
                    : metadata.OfType<IKeySecured>().Any() ? KeyScheme
                    : null;
                if (scheme is not null)
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
                return Task.CompletedTask;
            });
        });

    /// <summary>Documents query parameters a route reads from the request itself (it validates them by hand, naming each).</summary>
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, params (string Name, string Description)[] parameters) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description) in parameters)
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name, In = ParameterLocation.Query, Description = description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            return Task.CompletedTask;
        });

    /// <summary>Documents the statuses this route (or group) answers with the OpenAI-shaped error body.</summary>
    public static TBuilder WithErrors<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorBody), ["application/json"]));
        return builder;
    }
}

/// <summary>A route that takes a Ledger key, whether the middleware or the endpoint itself checks it.</summary>
public interface IKeySecured
{
    KeyScope Scope { get; }
}

/// <summary>Documents a route whose handler checks the key itself (the hot path takes no extra lookup).</summary>
public sealed record KeyCheckedByEndpoint(KeyScope Scope) : IKeySecured;

/// <summary>The fields a [JsonExtensionData] property may write, each a number or null, for the API document.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NumberFieldsAttribute(params string[] names) : Attribute
{
    public string[] Names { get; } = names;
}

/// <summary>Marks the operator API's routes.</summary>
public sealed record OperatorRequirement;
