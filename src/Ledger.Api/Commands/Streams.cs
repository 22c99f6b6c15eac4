namespace Ledger.Api.Commands;

/// <summary>Stream ids: one stream per org, per key and per request.</summary>
public static class Streams
{
    public static string Org(Guid id) => $"org-{id}";
    public static string Key(Guid id) => $"key-{id}";
    public static string Request(Guid id) => $"req-{id}";
}
