using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Ledger.Api.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Http;

/// <summary>
/// /openapi/v1.json against the gateway itself: every mapped route is documented, with the credential
/// it takes, and real answers validate against the schemas the document gives for them.
/// </summary>
public sealed class OpenApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    // mapped on purpose outside the document: the document itself, Prometheus text, the MCP JSON-RPC transport
    private static readonly string[] Undocumented = ["/openapi/{documentName}.json", "/metrics", "/mcp"];

    private async Task<JsonObject> DocumentAsync()
    {
        var response = await gateway.Client.GetAsync("/openapi/v1.json");
        response.IsSuccessStatusCode.ShouldBeTrue();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>The schema the document gives for this route's answer, as a JSON Schema its components resolve in.</summary>
    private static JsonSchema ResponseSchema(JsonObject doc, string path, string method, int status, string contentType = "application/json")
    {
        var schema = doc["paths"]![path]![method]!["responses"]![status.ToString()]!["content"]![contentType]!["schema"]!;
        var text = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = doc["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        }.ToJsonString().Replace("#/components/schemas/", "#/$defs/");
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://ledger.test/{Guid.NewGuid()}"));
    }

    private static void ShouldValidate(JsonSchema schema, string json)
    {
        using var body = JsonDocument.Parse(json);
        var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
        result.IsValid.ShouldBeTrue($"{json}\n{string.Join("\n", errors)}");
    }

    [Fact]
    public async Task every_mapped_route_and_method_is_in_the_document()
    {
        var doc = await DocumentAsync();
        var paths = doc["paths"]!.AsObject();
        var routes = gateway.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Template(e), Method: m.ToLowerInvariant())))
            .Where(r => !Undocumented.Contains(r.Path))
            .ToList();

        routes.Count.ShouldBeGreaterThan(20);
        routes.Where(r => paths[r.Path]?[r.Method] is null).ShouldBeEmpty();
    }

    /// <summary>A route's path as OpenAPI writes it: "/me/keys/{id}", not "/me/keys/{id:guid}" or "/me/keys/".</summary>
    private static string Template(RouteEndpoint e)
    {
        var path = "/" + string.Join("/", e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p2 => "{" + p2.Name + "}",
            _ => "",
        }))));
        return path;
    }

    [Fact]
    public async Task management_routes_take_a_key_operator_routes_the_operator_token_and_both_are_bearer_schemes()
    {
        var doc = await DocumentAsync();
        string? SchemeOf(string path, string method) =>
            doc["paths"]![path]![method]!["security"]?.AsArray().Single()!.AsObject().Single().Key;

        SchemeOf("/me/keys", "post").ShouldBe("ledger_key");
        SchemeOf("/v1/chat/completions", "post").ShouldBe("ledger_key");
        SchemeOf("/admin/orgs/{orgId}/payments", "post").ShouldBe("operator_token");
        SchemeOf("/signup", "post").ShouldBeNull();
        foreach (var scheme in new[] { "ledger_key", "operator_token" })
            ((string)doc["components"]!["securitySchemes"]![scheme]!["scheme"]!).ShouldBe("bearer");
    }

    [Fact]
    public async Task real_answers_validate_against_their_documented_schemas()
    {
        var doc = await DocumentAsync();
        var client = gateway.Client;
        var signup = await client.PostAsync("/signup", new StringContent(
            """{"org_name":"Schema Co","email":"ops@schema.example","currency":"EUR"}""", System.Text.Encoding.UTF8, "application/json"));
        var signupJson = await signup.Content.ReadAsStringAsync();
        ShouldValidate(ResponseSchema(doc, "/signup", "post", 201), signupJson);

        var key = (string)JsonNode.Parse(signupJson)!["key"]!;
        var keyId = (string)JsonNode.Parse(signupJson)!["key_id"]!;
        async Task<string> GetAsync(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Authorization", $"Bearer {key}" } } };
            return await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        }
        ShouldValidate(ResponseSchema(doc, "/me/keys/{id}", "get", 200), await GetAsync($"/me/keys/{keyId}"));
        ShouldValidate(ResponseSchema(doc, "/me/keys", "get", 200), await GetAsync("/me/keys"));
        ShouldValidate(ResponseSchema(doc, "/me/balance", "get", 200), await GetAsync("/me/balance"));
        ShouldValidate(ResponseSchema(doc, "/v1/models", "get", 200), await GetAsync("/v1/models"));
        // an error answer has the documented error shape
        ShouldValidate(ResponseSchema(doc, "/me/keys/{id}", "get", 404), await GetAsync($"/me/keys/{Guid.NewGuid()}"));
    }

    [Fact]
    public async Task a_schema_that_does_not_match_the_answer_fails_validation()
    {
        // the check itself can fail: a balance answer is not a key
        var doc = await DocumentAsync();
        var schema = ResponseSchema(doc, "/me/keys/{id}", "get", 200);
        using var body = JsonDocument.Parse("""{"currency":"EUR","balance":1}""");

        schema.Evaluate(body.RootElement).IsValid.ShouldBeFalse();
    }
}
