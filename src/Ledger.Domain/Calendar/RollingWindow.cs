namespace Ledger.Domain.Calendar;

/// <summary>
/// An exact rolling 60-second window: the admission instants (Unix ms) still inside it, oldest first.
/// It keeps at most as many instants as the largest limit that reads it, so its size stays bounded.
/// </summary>
public sealed record RollingWindow(long[] InstantsMs)
{
    public const long WidthMs = 60_000;
    public static readonly RollingWindow Empty = new([]);

    public int CountAt(DateTimeOffset now)
    {
        var from = now.ToUnixTimeMilliseconds() - WidthMs;
        var count = 0;
        for (var i = InstantsMs.Length - 1; i >= 0 && InstantsMs[i] > from; i--) count++;
        return count;
    }

    /// <summary>Seconds until the window holds fewer than <paramref name="limit"/> instants.</summary>
    public int SecondsUntilBelow(int limit, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var inside = InstantsMs.Where(t => t > nowMs - WidthMs).ToArray();
        if (inside.Length < limit) return 0;
        var leaving = inside[inside.Length - limit];
        return Math.Max(1, (int)Math.Ceiling((leaving + WidthMs - nowMs) / 1000.0));
    }

    public RollingWindow Add(DateTimeOffset at, int keep)
    {
        var atMs = at.ToUnixTimeMilliseconds();
        if (keep <= 0) return Empty;
        var kept = InstantsMs.Where(t => t > atMs - WidthMs).Append(atMs).Order().ToArray();
        return new RollingWindow(kept.Length > keep ? kept[^keep..] : kept);
    }

    public bool Equals(RollingWindow? other) => other is not null && InstantsMs.AsSpan().SequenceEqual(other.InstantsMs);
    public override int GetHashCode() => InstantsMs.Length;
}
