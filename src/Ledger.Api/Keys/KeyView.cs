using System.Text.Json.Serialization;
using Ledger.Domain.Admission;
using Ledger.Domain.Calendar;
using Ledger.Domain.Keys;
using Ledger.Projections;
using Npgsql;

namespace Ledger.Api.Keys;

/// <summary>A key as the dashboard and GET /me/keys show it; spend comes from the row admission enforces.</summary>
public sealed record KeyView(
    Guid Id, string Name, string Prefix, string Tier, string Scope, string Status, bool Ephemeral,
    int? RpmLimit, int? DailyLimit, decimal? Budget, string BudgetPeriod, string Currency,
    decimal Spent, decimal InFlight, decimal? SpentMonth, decimal? MonthlyBudget, int RequestsToday,
    DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, int Version)
{
    /// <summary>The budget again as budget_eur / budget_inr (the org's currency), as on the mint answer.</summary>
    [JsonExtensionData, Http.NumberFields("budget_eur", "budget_inr")]
    public Dictionary<string, object?> BudgetInCurrency { get; init; } = [];

    public static KeyView From(KeyAdmission k, OrgAdmission org, int version, DateTimeOffset now)
    {
        var period = k.Limits.BudgetPeriod;
        var spend = k.SpendAt(period, now, org.TimeZone);
        var month = k.SpendAt(Domain.Calendar.BudgetPeriod.Month, now, org.TimeZone);
        return new KeyView(k.KeyId, k.Name, k.Prefix, org.Tier.ToString().ToLowerInvariant(), k.Scope.ToString().ToLowerInvariant(),
            k.StatusAt(now).ToString().ToLowerInvariant(), k.Ephemeral, k.Limits.RpmLimit, k.Limits.DailyLimit, k.Limits.Budget,
            period.ToString().ToLowerInvariant(), org.Currency, spend.Spent, spend.Reserved,
            month.Spent, period == Domain.Calendar.BudgetPeriod.Month ? k.Limits.Budget : null, k.DayCountAt(now, org.TimeZone),
            k.ExpiresAt, k.CreatedAt, k.LastUsedAt, version)
        { BudgetInCurrency = KeyRequests.InCurrency(org.Currency, k.Limits.Budget) };
    }
}

public static class KeyRows
{
    /// <summary>The admission row of the key with this secret's hash, if any.</summary>
    public static Task<KeyAdmission?> ByHashAsync(NpgsqlDataSource db, string keyHash, CancellationToken ct) =>
        OneAsync(db, "select state::text from admission_keys where key_hash = $1", keyHash, ct);

    public static Task<KeyAdmission?> ByIdAsync(NpgsqlDataSource db, Guid keyId, CancellationToken ct) =>
        OneAsync(db, "select state::text from admission_keys where key_id = $1", keyId, ct);

    private static async Task<KeyAdmission?> OneAsync(NpgsqlDataSource db, string sql, object value, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        return await cmd.ExecuteScalarAsync(ct) is string json ? RowJson.Read<KeyAdmission>(json) : null;
    }

    /// <summary>An org's keys with their stream versions (for If-Match), newest first.</summary>
    public static async Task<List<(KeyAdmission Key, int Version)>> ListAsync(NpgsqlDataSource db, Guid orgId, Guid? keyId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select k.state::text, coalesce(s.version, 0)::int
            from admission_keys k left join mt_streams s on s.id = 'key-' || k.key_id
            where k.org_id = $1 and ($2::uuid is null or k.key_id = $2)
            order by k.state->>'created_at' desc
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = orgId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)keyId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        var list = new List<(KeyAdmission, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add((RowJson.Read<KeyAdmission>(reader.GetString(0)), reader.GetInt32(1)));
        return list;
    }
}
