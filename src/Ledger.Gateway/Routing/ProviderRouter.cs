using System.Collections.Frozen;
using Ledger.Gateway.Routing;

namespace Ledger.Gateway;

/// <summary>
/// Picks providers for a model within an org's allowed regions: healthy first, then cheapest (blended price in EUR),
/// then fastest. A provider outside the allowed regions is never a candidate, not even on failover.
/// </summary>
public sealed partial class ProviderRouter
{
    private readonly FrozenDictionary<string, Route[]> _byModel;
    private readonly ProviderHealth[] _health;
    private readonly FxRates _fx;
    private readonly TimeProvider _time;
    private readonly GatewayTracing _tracing;

    public ProviderRouter(IEnumerable<IChatProvider> providers, GatewayOptions o, FxRates fx, TimeProvider time, GatewayTracing? tracing = null)
    {
        (_fx, _time, _tracing) = (fx, time, tracing ?? GatewayTracing.Off);
        var breakFor = TimeSpan.FromSeconds(o.CircuitBreakSeconds);
        var byModel = new Dictionary<string, List<Route>>(StringComparer.Ordinal);
        var health = new List<ProviderHealth>();
        foreach (var provider in providers)
        {
            var h = new ProviderHealth(provider.Options, o.CircuitFailureThreshold, breakFor, time);
            health.Add(h);
            foreach (var (model, price) in provider.Options.Models)
            {
                if (!byModel.TryGetValue(model, out var routes))
                    byModel[model] = routes = [];
                routes.Add(new Route(new RouteCandidate(provider, price), h, Blended(price, fx)));
            }
        }
        _health = [.. health];
        _byModel = byModel.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<RouteCandidate> Candidates(string model, IReadOnlyCollection<string> allowedRegions) =>
        Array.ConvertAll(Ordered(model, allowedRegions), r => r.Candidate);

    public bool Serves(string model, IReadOnlyCollection<string> allowedRegions) =>
        _byModel.TryGetValue(model, out var routes) && routes.Any(r => Allowed(r, allowedRegions));

    public IReadOnlyList<string> Models(IReadOnlyCollection<string> allowedRegions) =>
        [.. _byModel.Where(kv => kv.Value.Any(r => Allowed(r, allowedRegions))).Select(kv => kv.Key).Order(StringComparer.Ordinal)];

    /// <summary>
    /// For budget reservations: the highest input and the highest output price among the candidates, converted, and
    /// the largest output cap. Taken per component, so it bounds the cost whichever candidate ends up serving.
    /// </summary>
    public ModelPrice? WorstCasePrice(string model, IReadOnlyCollection<string> allowedRegions, string inCurrency)
    {
        if (!_byModel.TryGetValue(model, out var routes))
            return null;
        ModelPrice? worst = null;
        foreach (var route in routes)
        {
            if (!Allowed(route, allowedRegions))
                continue;
            var p = route.Candidate.Price;
            var rate = _fx.Rate(p.Currency, inCurrency);
            worst = new ModelPrice(
                Math.Max(worst?.InputPerMillion ?? 0, p.InputPerMillion * rate),
                Math.Max(worst?.OutputPerMillion ?? 0, p.OutputPerMillion * rate),
                inCurrency,
                Math.Max(worst?.MaxOutputTokens ?? 0, p.MaxOutputTokens));
        }
        return worst;
    }

    public IReadOnlyList<ProviderHealthSnapshot> Health() => Array.ConvertAll(_health, h => h.Snapshot());

    private Route[] Ordered(string model, IReadOnlyCollection<string> allowedRegions)
    {
        if (!_byModel.TryGetValue(model, out var routes))
            return [];
        // Health and latency move under our feet: sort on a snapshot of them, or the sort may see a changing order.
        var keyed = new List<(Route Route, bool Healthy, double Latency)>(routes.Length);
        foreach (var route in routes)
            if (Allowed(route, allowedRegions))
                keyed.Add((route, route.Health.IsHealthy, route.Health.LatencyMs));
        keyed.Sort(static (a, b) =>
            a.Healthy != b.Healthy ? (a.Healthy ? -1 : 1)
            : a.Route.BlendedEur != b.Route.BlendedEur ? a.Route.BlendedEur.CompareTo(b.Route.BlendedEur)
            : a.Latency.CompareTo(b.Latency));
        return keyed.ConvertAll(k => k.Route).ToArray();
    }

    private static bool Allowed(Route route, IReadOnlyCollection<string> allowedRegions)
    {
        var region = route.Candidate.Provider.Options.Region;
        foreach (var allowed in allowedRegions)
            if (string.Equals(region, allowed, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    // Chat traffic reads about three prompt tokens per completion token, so blend 3:1 to compare providers.
    private static decimal Blended(ModelPrice p, FxRates fx) =>
        fx.Convert((3 * p.InputPerMillion + p.OutputPerMillion) / 4, p.Currency, "EUR");

    private double ElapsedMs(long started) => _time.GetElapsedTime(started).TotalMilliseconds;

    private sealed record Route(RouteCandidate Candidate, ProviderHealth Health, decimal BlendedEur)
    {
        public string Name => Candidate.Provider.Options.Name;
        public string Region => Candidate.Provider.Options.Region;
    }
}
