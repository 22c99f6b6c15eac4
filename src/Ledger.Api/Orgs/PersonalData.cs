using Ledger.Domain;
using Npgsql;

namespace Ledger.Api.Orgs;

/// <summary>
/// An org's personal data (the signup email), kept in org_personal_data and never in an event: the
/// event history is hash-chained, so nothing in it can be erased without breaking verify.
/// </summary>
public static class PersonalData
{
    /// <summary>Written in the signup's own transaction: an org never exists without its row, nor the row without the org.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orgId, string email,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("insert into org_personal_data (org_id, email, created_at) values ($1, $2, $3)", connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter { Value = orgId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = email });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The org's email; null once erased.</summary>
    public static async Task<string?> EmailAsync(NpgsqlDataSource db, Guid orgId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select email from org_personal_data where org_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = orgId });
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>
    /// Clears the org's personal data and stamps when (the first erasure's time is kept: erasing
    /// again changes nothing). The row stays, as the record that the erasure happened.
    /// </summary>
    public static async Task<DateTimeOffset> EraseAsync(NpgsqlDataSource db, Guid orgId, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            insert into org_personal_data as p (org_id, email, created_at, erased_at) values ($1, null, $2, $2)
            on conflict (org_id) do update set email = null, erased_at = coalesce(p.erased_at, excluded.erased_at)
            returning p.erased_at
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = orgId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        return new DateTimeOffset((DateTime)(await cmd.ExecuteScalarAsync(ct))!);
    }

    /// <summary>
    /// True for an org that signed up before personal data left the events: its OrgSignedUp event
    /// still carries the email, in the hand-written store's <c>events</c> table a database from before
    /// the move to Marten keeps (or in <c>mt_events</c>), and rewriting it would break the hash chain.
    /// </summary>
    public static async Task<bool> HistoryHoldsEmailAsync(NpgsqlDataSource db, Guid orgId, CancellationToken ct)
    {
        await using var legacy = db.CreateCommand("select to_regclass('events') is not null");
        var tables = (bool)(await legacy.ExecuteScalarAsync(ct))! ? new[] { "mt_events", "events" } : ["mt_events"];
        foreach (var table in tables)
        {
            await using var cmd = db.CreateCommand(
                $"select exists (select 1 from {table} where stream_id = $1 and type = 'V1.OrgSignedUp' and data->>'email' is not null)");
            cmd.Parameters.Add(new NpgsqlParameter { Value = Streams.Org(orgId) });
            if ((bool)(await cmd.ExecuteScalarAsync(ct))!) return true;
        }
        return false;
    }
}
