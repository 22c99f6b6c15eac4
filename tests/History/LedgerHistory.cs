using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Pricing;
using Ledger.Domain.Requests;
using Ledger.EventStore;

namespace Ledger.Testing;

/// <summary>
/// A realistic, seeded ledger history appended straight through the event store: orgs in EUR
/// (Paris) and INR (Kolkata), keys (some renamed), credits and payments, and requests over several
/// months across models and providers, some refused, some left to expire.
/// </summary>
public sealed class LedgerHistory(EventStore.EventStore store, int seed = 42)
{
    private static readonly (string Model, string Provider, string Region, UnitPrices Price)[] Routes =
    [
        ("gpt-5.1", "sim-scaleway", "eu", new(1.10m, 8.50m, "EUR")),
        ("gpt-5.1", "sim-azure-eu", "eu", new(1.25m, 10.00m, "USD")),
        ("claude-4", "sim-azure-eu", "eu", new(3.00m, 15.00m, "USD")),
        ("haiku-4", "sim-mumbai", "in", new(72m, 360m, "INR")),
        ("claude-4", "sim-mumbai", "in", new(270m, 1350m, "INR")),
    ];

    private static readonly Dictionary<(string From, string To), decimal> Fx = new()
    {
        [("EUR", "EUR")] = 1m, [("USD", "EUR")] = 0.92m, [("INR", "EUR")] = 0.011m,
        [("EUR", "INR")] = 90.9m, [("USD", "INR")] = 83.6m, [("INR", "INR")] = 1m,
    };

    private readonly Random _random = new(seed);
    public List<OrgSignedUp> Orgs { get; } = [];
    public Dictionary<Guid, List<Guid>> Keys { get; } = [];

    /// <summary>Signs up the orgs and mints their keys at <paramref name="start"/>.</summary>
    public async Task<LedgerHistory> SignUpAsync(int orgs, int keysPerOrg, DateTimeOffset start)
    {
        var appends = new List<StreamAppend>();
        for (var o = 0; o < orgs; o++)
        {
            var inr = o % 2 == 1;
            var org = new OrgSignedUp(Guid.NewGuid(), $"Org {o}", inr ? "INR" : "EUR",
                inr ? "Asia/Kolkata" : "Europe/Paris", [inr ? "in" : "eu"], new PlanTerms("pro", null, null, null, o % 3 == 0 ? 0m : 15m));
            Orgs.Add(org);
            var events = new List<object> { org };
            var keys = Keys[org.OrgId] = [];
            for (var k = 0; k < keysPerOrg; k++)
            {
                var key = new KeyMinted(Guid.NewGuid(), org.OrgId, $"key {k}", Convert.ToHexString(Guid.NewGuid().ToByteArray()),
                    $"sk-{o}{k}", OrgTier.Standard, KeyScope.Full, false, KeyLimits.None, null);
                keys.Add(key.KeyId);
                appends.Add(Append($"key-{key.KeyId}", org.OrgId, start, key));
            }
            appends.Add(Append($"org-{org.OrgId}", org.OrgId, start, events.ToArray()));
        }
        await store.AppendAsync(appends);
        return this;
    }

    /// <summary>A credit or payment to the org at a moment (appended with ExpectedVersion.Any).</summary>
    public Task CreditAsync(OrgSignedUp org, decimal amount, DateTimeOffset at, bool payment = true) =>
        store.AppendAsync(Append($"org-{org.OrgId}", org.OrgId, at,
            payment ? new PaymentRecorded(org.OrgId, amount, org.Currency, Guid.NewGuid().ToString("N"))
                    : new SignupCreditClaimed(org.OrgId, amount, org.Currency)));

    public Task RenameAsync(Guid orgId, Guid keyId, string name, DateTimeOffset at) =>
        store.AppendAsync(Append($"key-{keyId}", orgId, at, new KeyUpdated(keyId, orgId, name, KeyLimits.None)));

    /// <summary>
    /// Appends <paramref name="count"/> requests admitted at random times in [from, to), in
    /// transactions of <paramref name="perBatch"/> requests: admissions first, then their settlements.
    /// </summary>
    public async Task RequestsAsync(int count, DateTimeOffset from, DateTimeOffset to, int perBatch = 250)
    {
        for (var done = 0; done < count; done += perBatch)
        {
            var n = Math.Min(perBatch, count - done);
            var admissions = new List<StreamAppend>(n);
            var settlements = new List<StreamAppend>(n);
            for (var i = 0; i < n; i++)
            {
                var at = from + TimeSpan.FromTicks((long)(_random.NextDouble() * (to - from).Ticks));
                var (first, second) = Request(at);
                admissions.Add(first);
                if (second is not null) settlements.Add(second);
            }
            await store.AppendAsync(admissions);
            if (settlements.Count > 0) await store.AppendAsync(settlements);
        }
    }

    /// <summary>One request at a given moment: its admission (or refusal) and its settlement, if any.</summary>
    public (StreamAppend First, StreamAppend? Second) Request(DateTimeOffset at, OrgSignedUp? org = null, Guid? keyId = null, string? model = null)
    {
        org ??= Orgs[_random.Next(Orgs.Count)];
        var key = keyId ?? Keys[org.OrgId][_random.Next(Keys[org.OrgId].Count)];
        var region = org.AllowedRegions[0];
        var candidates = Routes.Where(r => r.Region == region && (model is null || r.Model == model)).ToArray();
        var route = candidates[_random.Next(candidates.Length)];
        var id = Guid.NewGuid();
        var stream = $"req-{id}";
        // PostgreSQL keeps microseconds; an event's admission time must survive the round trip
        at = new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
        var roll = _random.NextDouble();
        if (roll < 0.05)
            return (Append(stream, org.OrgId, at, new RequestRejected(id, key, org.OrgId, route.Model, "rate_limit_exceeded", 429, "Too many requests")), null);

        var reserved = Math.Round((decimal)_random.NextDouble() * 0.5m + 0.01m, 6);
        var admitted = Append(stream, org.OrgId, at,
            new RequestAdmitted(id, key, org.OrgId, route.Model, OrgTier.Standard, false, 200, 1000, reserved, org.Currency));
        if (roll < 0.07)
            return (admitted, Append(stream, org.OrgId, at.AddMinutes(10), new ReservationExpired(id, key, org.OrgId, route.Model, at, reserved, reserved, org.Currency)));
        if (roll < 0.08)
            return (admitted, null); // still in flight

        var failed = roll < 0.10;
        var tokensIn = _random.Next(5, 4000);
        var tokensOut = failed ? 0 : _random.Next(1, 2000);
        var fx = Fx[(route.Price.Currency, org.Currency)];
        var charge = Pricer.Price(tokensIn, tokensOut, route.Price, fx, org.Plan.MarkupPercent, billable: !failed && roll < 0.97);
        var latency = Math.Round(_random.NextDouble() * 900 + 20, 1);
        var completed = new RequestCompleted(id, key, org.OrgId, route.Model, at, route.Provider, route.Region,
            failed ? 502 : 200, failed ? "upstream_error" : null, tokensIn, tokensOut, latency,
            route.Price.InputPerMillion, route.Price.OutputPerMillion, route.Price.Currency, fx, org.Plan.MarkupPercent,
            charge.ProviderCost, failed ? 0m : charge.Charged, org.Currency, reserved, !failed && roll < 0.97,
            [new UpstreamAttempt(route.Provider, route.Region, failed ? "error" : "ok", failed ? 502 : 200, latency)]);
        return (admitted, Append(stream, org.OrgId, at.AddMilliseconds(latency), completed));
    }

    public static StreamAppend Append(string stream, Guid orgId, DateTimeOffset at, params object[] events) =>
        new(stream, stream.Split('-')[0], orgId, ExpectedVersion.Any,
            events.Select(e => new NewEvent(Guid.NewGuid(), e)).ToList(), EventMetadata.System(), at);
}
