using Npgsql;

namespace Ledger.Api.Http;

/// <summary>
/// Per-address counts of a limited action (signup, promo claim) per clock hour, in PostgreSQL so
/// that every node sees the same count. Counting happens inside the action's own transaction: the
/// row lock makes one address's concurrent attempts (on any node) take turns, and an action that
/// fails and rolls back gives its count back.
/// </summary>
public static class ClientAddressLimits
{
    // the previous hour's rows are pruned on the way (rows another transaction holds are left for the next
    // call, so two pruners never wait on each other); a client address is kept for two hours at most
    private const string Sql = """
        with pruned as (
            delete from client_address_counts
             where ctid in (select ctid from client_address_counts where hour < $3 - interval '1 hour' for update skip locked)
        )
        insert into client_address_counts as c (action, address, hour, count) values ($1, $2, $3, 1)
        on conflict (action, address, hour) do update set count = c.count + 1 where c.count < $4
        returning c.count
        """;

    /// <summary>Counts one more for this address in the hour of <paramref name="now"/>; false (and nothing counted) when the hour is full.</summary>
    public static async Task<bool> TryCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string action, string address, DateTimeOffset now, int perHour, CancellationToken ct)
    {
        if (perHour <= 0) return false;
        await using var cmd = new NpgsqlCommand(Sql, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter { Value = action });
        cmd.Parameters.Add(new NpgsqlParameter { Value = address });
        cmd.Parameters.Add(new NpgsqlParameter { Value = HourOf(now) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = perHour });
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>429 rate_limit_exceeded, with Retry-After the seconds until the count starts again.</summary>
    public static IResult Refusal(string what, int perHour, DateTimeOffset now)
    {
        var wait = (int)Math.Ceiling((HourOf(now).AddHours(1) - now).TotalSeconds);
        return ApiErrors.Error(429, "rate_limit_exceeded",
            $"Too many {what} from this address: at most {perHour} an hour. Retry in {wait} s.", retryAfter: Math.Max(1, wait));
    }

    private static DateTimeOffset HourOf(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
