using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Keys;

/// <summary>
/// Another org's key id answers exactly as an unknown id does (404 not_found) on every route that
/// takes one, whatever the headers: nothing may confirm that it exists, its version least of all.
/// </summary>
public sealed class ForeignKeyTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    public static TheoryData<string, string, string?> Routes => new()
    {
        { "GET", "", null },
        { "GET", "/events", null },
        { "PATCH", "", null },
        { "PATCH", "", "\"1\"" },     // the foreign key's actual version
        { "PATCH", "", "\"7\"" },     // a stale version: the old code answered 412 quoting the real one
        { "PATCH", "", "*" },
        { "PATCH", "", "\"not-a-version\"" },
        { "DELETE", "", null },
        { "DELETE", "", "\"7\"" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task another_orgs_key_id_is_404_and_left_untouched(string method, string suffix, string? ifMatch)
    {
        var owner = await Client.SignUpAsync();
        var intruder = await Client.SignUpAsync();

        var (r, body) = await SendAsync(method, $"/me/keys/{owner.KeyId}{suffix}", intruder.Key, ifMatch);
        var (unknown, unknownBody) = await SendAsync(method, $"/me/keys/{Guid.NewGuid()}{suffix}", intruder.Key, ifMatch);

        ((int)r.StatusCode).ShouldBe(404, body.ToJsonString());
        body.Code().ShouldBe("not_found");
        body.ToJsonString().ShouldNotContain("version");
        r.Headers.ETag.ShouldBeNull();
        ((int)unknown.StatusCode).ShouldBe(404);
        unknownBody.Code().ShouldBe("not_found");
        var (_, key) = await Client.GetJsonAsync($"/me/keys/{owner.KeyId}", owner.Key);
        ((string)key["name"]!).ShouldBe("default");
        ((string)key["status"]!).ShouldBe("active");
        ((int)key["version"]!).ShouldBe(1);
    }

    private async Task<(HttpResponseMessage, JsonObject)> SendAsync(string method, string url, string key, string? ifMatch)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (method == "PATCH") request.Content = new StringContent("""{"name":"taken over","disabled":true}""", System.Text.Encoding.UTF8, "application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var r = await Client.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        return (r, text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject());
    }
}
