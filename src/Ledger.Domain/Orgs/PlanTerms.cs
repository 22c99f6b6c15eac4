namespace Ledger.Domain.Orgs;

/// <summary>
/// A subscription plan's limits as they stood when the org was put on it. Plans live in
/// configuration; their terms are copied into events so a replay never reads today's configuration.
/// Null means no cap. Daily caps reset at midnight UTC, monthly caps on the 1st (UTC).
/// </summary>
public sealed record PlanTerms(string Name, int? RpmLimit, int? DailyLimit, int? MonthlyLimit, decimal MarkupPercent);

public enum OrgTier { Trial, Standard }
