namespace Ledger.Domain.Calendar;

/// <summary>
/// An exact rolling 60-second window: the admission instants (Unix ms) still inside it, oldest first.
/// Adding drops the instants that have left it; its size stays bounded because admissions over the
/// limit that reads it are refused, and refusals are not added.
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
        // the instants inside are the newest ones, at the end; the limit-th newest must leave
        if (CountAt(now) < limit) return 0;
        var leaving = InstantsMs[^limit];
        return Math.Max(1, (int)Math.Ceiling((leaving + WidthMs - now.ToUnixTimeMilliseconds()) / 1000.0));
    }

    public RollingWindow Add(DateTimeOffset at)
    {
        var atMs = at.ToUnixTimeMilliseconds();
        var first = 0;
        while (first < InstantsMs.Length && InstantsMs[first] <= atMs - WidthMs) first++;
        var kept = InstantsMs.AsSpan(first);
        var instants = new long[kept.Length + 1];
        // instants arrive in order on one node; one from a node whose clock is behind goes where it belongs
        var slot = kept.Length;
        while (slot > 0 && kept[slot - 1] > atMs) slot--;
        kept[..slot].CopyTo(instants);
        instants[slot] = atMs;
        kept[slot..].CopyTo(instants.AsSpan(slot + 1));
        return new RollingWindow(instants);
    }

    public bool Equals(RollingWindow? other) => other is not null && InstantsMs.AsSpan().SequenceEqual(other.InstantsMs);
    public override int GetHashCode() => InstantsMs.Length;
}
