using Ledger.Domain.Admission;
using Ledger.Domain.Orgs;

namespace Ledger.Api.Hosting;

/// <summary>Deployment settings, bound from the "Ledger" configuration section.</summary>
public sealed class LedgerOptions
{
    /// <summary>PostgreSQL connection string; LEDGER_DB in the environment sets it too.</summary>
    public string? Db { get; set; }
    /// <summary>Bearer token for the operator API (/admin); the operator API is off when unset.</summary>
    public string? OperatorToken { get; set; }
    public string NodeName { get; set; } = Environment.MachineName + ":" + Environment.ProcessId;
    public AdmissionPolicy Admission { get; set; } = new();
    public int MaxActiveKeys { get; set; } = 5;
    public int MaxActiveEphemeralKeys { get; set; } = 50;
    public PromoOptions Promo { get; set; } = new();
    public string SignupPlan { get; set; } = "free";
    public Dictionary<string, PlanOptions> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Regions an org's requests may be served from, by billing currency (EU data stays in the EU).</summary>
    public Dictionary<string, string[]> Regions { get; set; } = new();
    public bool RunDaemon { get; set; } = true;
    /// <summary>How long a reservation may wait for its completion before the sweeper settles it.</summary>
    public double ReservationTimeoutSeconds { get; set; } = 600;
    /// <summary>
    /// Request writers per node (orgs are split between them). One keeps batches largest, and each
    /// batch costs the same handful of statements whatever its size: on 2 cores one writer measured
    /// ~6 % more throughput than two and ~20 % more than four at saturation; two gave a shorter tail
    /// at a fixed 2,000 req/s (bench/RESULTS.md).
    /// </summary>
    public int RequestWriters { get; set; } = 1;
    /// <summary>Signups one client address may make per clock hour, all nodes together (counted in PostgreSQL).</summary>
    public int SignupsPerIpPerHour { get; set; } = 10;
    /// <summary>Promotional-pool claims that may succeed from one client address per clock hour, all nodes together.</summary>
    public int PromoClaimsPerIpPerHour { get; set; } = 10;

    /// <summary>How long a presented secret that matches no key is refused from memory, without asking the database again.</summary>
    public int UnknownKeyCacheSeconds { get; set; } = 5;

    /// <summary>How many unknown secrets a node remembers at most.</summary>
    public int UnknownKeyCacheSize { get; set; } = 10_000;
    /// <summary>
    /// Proxies whose X-Forwarded-For is believed, as addresses ("10.0.0.5") or networks ("10.0.0.0/8").
    /// Empty (the default): the header is ignored and the client is the connection's peer.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public PlanTerms Plan(string name) =>
        Plans.TryGetValue(name, out var p)
            ? new PlanTerms(name.ToLowerInvariant(), p.RpmLimit, p.DailyLimit, p.MonthlyLimit, p.MarkupPercent)
            : throw new KeyNotFoundException($"No plan named '{name}' is configured (known: {string.Join(", ", Plans.Keys)}).");

    public string[] RegionsFor(string currency) => Regions.TryGetValue(currency, out var r) ? r : ["eu"];
}

public sealed class PlanOptions
{
    public int? RpmLimit { get; set; }
    public int? DailyLimit { get; set; }
    public int? MonthlyLimit { get; set; }
    public decimal MarkupPercent { get; set; }
}

public sealed class PromoOptions
{
    public int PoolSize { get; set; } = 300;
    public Dictionary<string, decimal> Amount { get; set; } = new() { ["EUR"] = 15m, ["INR"] = 100m };
}
