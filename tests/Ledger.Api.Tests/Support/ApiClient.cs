using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Api.Tests.Support;

/// <summary>Small helpers over HttpClient so tests read as what a user does.</summary>
public static class ApiClient
{
    public static HttpClient WithKey(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null, string? key = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = body is string s ? new StringContent(s, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["raw"] = text };
        return (response, json);
    }

    public static Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(this HttpClient c, string url, object body, string? key = null) =>
        c.SendJsonAsync(HttpMethod.Post, url, body, key);

    public static Task<(HttpResponseMessage Response, JsonObject Body)> GetJsonAsync(this HttpClient c, string url, string? key = null) =>
        c.SendJsonAsync(HttpMethod.Get, url, null, key);

    public static async Task<SignedUp> SignUpAsync(this HttpClient c, string currency = "EUR", string name = "Acme")
    {
        var (r, body) = await c.PostAsync("/signup", new { org_name = name, email = "ops@acme.example", currency });
        if ((int)r.StatusCode != 201) throw new InvalidOperationException($"signup failed: {(int)r.StatusCode} {body}");
        return new SignedUp(Guid.Parse((string)body["org_id"]!), (string)body["key"]!, Guid.Parse((string)body["key_id"]!));
    }

    public static async Task PayAsync(this HttpClient c, Guid orgId, decimal amount, string currency = "EUR", string? reference = null)
    {
        var (r, body) = await c.PostAsync($"/admin/orgs/{orgId}/payments",
            new { amount, currency, reference = reference ?? Guid.NewGuid().ToString() }, LedgerNode.OperatorToken);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"payment failed: {(int)r.StatusCode} {body}");
    }

    public static string Code(this JsonObject body) => (string?)body["error"]?["code"] ?? "(no error code in " + body.ToJsonString() + ")";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}

public sealed record SignedUp(Guid OrgId, string Key, Guid KeyId);
