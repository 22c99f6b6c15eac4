using System.Collections.Frozen;

namespace Ledger.Gateway;

/// <summary>Configured exchange rates; every rate goes through EUR, the unit the table is expressed in.</summary>
public sealed class FxRates
{
    private readonly FrozenDictionary<string, decimal> _eurPerUnit;

    public FxRates(GatewayOptions o)
    {
        var rates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["EUR"] = 1m };
        foreach (var (currency, value) in o.Fx)
        {
            if (value <= 0)
                throw new InvalidOperationException($"Ledger:Gateway:Fx:{currency} must be positive, got {value}.");
            rates[currency] = value;
        }
        _eurPerUnit = rates.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public bool Knows(string currency) => _eurPerUnit.ContainsKey(currency);

    /// <summary>How many units of <paramref name="to"/> one unit of <paramref name="from"/> is worth.</summary>
    public decimal Rate(string from, string to)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            return 1m;
        return EurPerUnit(from) / EurPerUnit(to);
    }

    public decimal Convert(decimal amount, string from, string to) => amount * Rate(from, to);

    private decimal EurPerUnit(string currency) =>
        _eurPerUnit.TryGetValue(currency, out var rate)
            ? rate
            : throw new InvalidOperationException(
                $"No exchange rate for currency '{currency}': add it to Ledger:Gateway:Fx (known: {string.Join(", ", _eurPerUnit.Keys.Order())}).");
}
