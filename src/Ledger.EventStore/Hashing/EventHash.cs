using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.EventStore;

/// <summary>
/// An event's link in its stream's hash chain, computed here instead of in SQL for appends that
/// know the previous hash already. It must equal <c>ledger_event_hash</c> (Schema/006), which
/// verify recomputes: SHA-256 over the previous hash, then stream id, version, type, data,
/// metadata and the UTC occurred-at to the microsecond, separated by newlines, as UTF-8.
/// </summary>
public static class EventHash
{
    /// <param name="data">The event's JSON as stored, in UTF-8.</param>
    /// <param name="metadata">The metadata's JSON as stored, in UTF-8.</param>
    public static byte[] Compute(byte[]? prevHash, string streamId, int version, string type,
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> metadata, DateTimeOffset occurredAt)
    {
        Span<char> number = stackalloc char[11];
        version.TryFormat(number, out var digits, provider: CultureInfo.InvariantCulture);
        Span<char> at = stackalloc char[26];
        occurredAt.UtcDateTime.TryFormat(at, out var atLength, "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

        var length = (prevHash?.Length ?? 0) + Encoding.UTF8.GetMaxByteCount(streamId.Length + type.Length) + data.Length + metadata.Length + 64;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var n = 0;
            if (prevHash is not null) { prevHash.CopyTo(rented, 0); n = prevHash.Length; }
            n += Encoding.UTF8.GetBytes(streamId, rented.AsSpan(n));
            rented[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(number[..digits], rented.AsSpan(n));
            rented[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(type, rented.AsSpan(n));
            rented[n++] = (byte)'\n';
            data.CopyTo(rented.AsSpan(n));
            n += data.Length;
            rented[n++] = (byte)'\n';
            metadata.CopyTo(rented.AsSpan(n));
            n += metadata.Length;
            rented[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(at[..atLength], rented.AsSpan(n));
            return SHA256.HashData(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
