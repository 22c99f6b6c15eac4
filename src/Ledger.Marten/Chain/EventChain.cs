using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Marten.Chain;

/// <summary>What an event's link in its stream's chain covers: every column a reader trusts.</summary>
/// <param name="Data">The event's JSON as jsonb prints it (<see cref="JsonbText"/>, or <c>data::text</c> when read back).</param>
/// <param name="Timestamp">As stored: UTC, whole microseconds.</param>
public readonly record struct ChainedFields(
    string StreamId, long Version, string Type, string Data, string? CorrelationId, string? CausationId,
    string Actor, Guid? OrgId, DateTimeOffset Timestamp);

/// <summary>
/// The hash chain over <c>mt_events</c>: each event's hash is SHA-256 over its predecessor's hash
/// (none for version 1) and its <see cref="ChainedFields"/>, one per line, in UTF-8. Writers compute it
/// before the insert and store it in the event's <c>hash</c> header; <c>verify</c> recomputes it from
/// the stored row. Changing any covered column of a stored event, or removing one, breaks the chain
/// from that event on.
/// </summary>
public static class EventChain
{
    public const string HashHeader = "hash";
    public const string ActorHeader = "actor";
    public const string OrgHeader = "org";

    public static byte[] Hash(byte[]? previous, in ChainedFields e)
    {
        var line = string.Join('\n',
            e.StreamId,
            e.Version.ToString(CultureInfo.InvariantCulture),
            e.Type,
            e.Data,
            e.CorrelationId ?? "",
            e.CausationId ?? "",
            e.Actor,
            e.OrgId?.ToString() ?? "",
            e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
        var bytes = Encoding.UTF8.GetBytes(line);
        if (previous is null)
            return SHA256.HashData(bytes);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previous);
        sha.AppendData(bytes);
        return sha.GetHashAndReset();
    }

    /// <summary>The instant as PostgreSQL keeps it (UTC, whole microseconds), so what was hashed is what is stored.</summary>
    public static DateTimeOffset AsStored(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }
}
