namespace Ledger.Domain;

/// <summary>The currencies an org can be billed in. Amounts are decimal in major units (euros, rupees).</summary>
public static class Currencies
{
    public const string Eur = "EUR";
    public const string Inr = "INR";

    public static readonly IReadOnlySet<string> Billing = new HashSet<string> { Eur, Inr };

    public static string Symbol(string currency) => currency switch { Eur => "€", Inr => "₹", _ => currency + " " };

    public static string DefaultTimeZone(string currency) => currency switch
    {
        Inr => "Asia/Kolkata",
        _ => "Europe/Paris",
    };
}
