namespace Ledger.Domain;

/// <summary>Stream ids and types: one stream per org, per key and per request.</summary>
public static class Streams
{
    public const string RequestType = "request";

    public static string Org(Guid id) => $"org-{id}";
    public static string Key(Guid id) => $"key-{id}";
    public static string Request(Guid id) => $"req-{id}";
}
