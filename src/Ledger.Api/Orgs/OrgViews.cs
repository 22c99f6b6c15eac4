using Ledger.Domain.Admission;
using Ledger.Projections;
using Npgsql;

namespace Ledger.Api.Orgs;

public sealed record BalanceView(string Currency, decimal Balance, decimal Reserved, decimal Available, decimal Credits, decimal Charged, string Tier);

public sealed record PlanView(string Name, string Tier, int? RpmLimit, int? DailyLimit, int? MonthlyLimit, decimal MarkupPercent,
    int UsedToday, int UsedThisMonth, string DailyResets, string Currency);

/// <summary>Reads an org's admission row: what the dashboard shows is what admission enforces.</summary>
public static class OrgRows
{
    public static async Task<OrgAdmission?> LoadAsync(NpgsqlDataSource db, Guid orgId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select state::text from admission_orgs where org_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = orgId });
        return await cmd.ExecuteScalarAsync(ct) is string json ? RowJson.Read<OrgAdmission>(json) : null;
    }

    public static BalanceView Balance(OrgAdmission o) =>
        new(o.Currency, o.Balance, o.Reserved, o.Balance - o.Reserved, o.Credits, o.Charged, o.Tier.ToString().ToLowerInvariant());

    public static PlanView Plan(OrgAdmission o, DateTimeOffset now) =>
        new(o.Plan.Name, o.Tier.ToString().ToLowerInvariant(), o.Plan.RpmLimit, o.Plan.DailyLimit, o.Plan.MonthlyLimit, o.Plan.MarkupPercent,
            o.DayCountAt(now), o.MonthCountAt(now), "midnight UTC", o.Currency);
}
