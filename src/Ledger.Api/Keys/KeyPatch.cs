using System.Text.Json;
using Ledger.Domain.Calendar;
using Ledger.Domain;
using Ledger.Domain.Keys;

namespace Ledger.Api.Keys;

/// <summary>A parsed PATCH body: which fields were given (null included) and what each failed on.</summary>
public sealed class KeyPatch
{
    private readonly Dictionary<string, JsonElement> _given = new();
    public Dictionary<string, string> Errors { get; } = new();

    /// <summary>Fields the body gave that PATCH does not take, in the body's order.</summary>
    public List<string> Unknown { get; } = new();

    public static KeyPatch Parse(JsonElement body, IReadOnlySet<string> allowed)
    {
        var patch = new KeyPatch();
        foreach (var p in body.EnumerateObject())
        {
            if (!allowed.Contains(p.Name)) patch.Unknown.Add(p.Name);
            else patch._given[p.Name] = p.Value;
        }
        patch.Check("name", v => v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length is > 0 and <= KeyRequests.MaxNameLength, $"'name' must be a string of 1 to {KeyRequests.MaxNameLength} characters.", nullable: false);
        patch.Check("rpm_limit", v => v.TryGetInt32(out var n) && n is > 0 and <= KeyRequests.MaxRpmLimit, $"'rpm_limit' must be a whole number from 1 to {KeyRequests.MaxRpmLimit}, or null.");
        patch.Check("daily_limit", v => v.TryGetInt32(out var n) && n is > 0 and <= KeyRequests.MaxDailyLimit, "'daily_limit' must be a whole number from 1, or null.");
        foreach (var b in KeyRequests.BudgetFields)
            patch.Check(b, v => v.TryGetDecimal(out var d) && d > 0, $"'{b}' must be a positive amount, or null.");
        patch.Check("budget_period", v => v.ValueKind == JsonValueKind.String && KeyRequests.IsPeriod(v.GetString()), "'budget_period' must be day, week or month.", nullable: false);
        patch.Check("disabled", v => v.ValueKind is JsonValueKind.True or JsonValueKind.False, "'disabled' must be true or false.", nullable: false);
        if (KeyRequests.BudgetFields.Count(patch._given.ContainsKey) > 1)
            patch.Errors["budget"] = KeyRequests.BudgetOnce;
        return patch;
    }

    private void Check(string field, Func<JsonElement, bool> valid, string message, bool nullable = true)
    {
        if (!_given.TryGetValue(field, out var v)) return;
        if (v.ValueKind == JsonValueKind.Null ? !nullable : !valid(v)) Errors[field] = message;
    }

    /// <summary>The events this patch means for the key, in the order they apply.</summary>
    public IKeyEvent[] Decide(ApiKey key, string orgCurrency)
    {
        var name = _given.TryGetValue("name", out var n) ? n.GetString()!.Trim() : key.Name;
        var l = key.Limits;
        var limits = new KeyLimits(
            _given.TryGetValue("rpm_limit", out var rpm) ? Int(rpm) : l.RpmLimit,
            _given.TryGetValue("daily_limit", out var daily) ? Int(daily) : l.DailyLimit,
            BudgetGiven(out var budget, orgCurrency) ? budget : l.Budget,
            _given.TryGetValue("budget_period", out var p) ? KeyRequests.Period(p.GetString()) : l.BudgetPeriod);
        var events = new List<IKeyEvent>(KeyDecider.Decide(new KeyCommand.Update(name, limits), key));
        if (_given.TryGetValue("disabled", out var d))
            events.AddRange(KeyDecider.Decide(d.GetBoolean() ? new KeyCommand.Disable() : new KeyCommand.Enable(), key));
        return [.. events];
    }

    private bool BudgetGiven(out decimal? budget, string orgCurrency)
    {
        decimal? Read(string f) => _given[f].ValueKind == JsonValueKind.Null ? null : _given[f].GetDecimal();
        budget = null;
        if (_given.ContainsKey("budget")) { budget = Read("budget"); return true; }
        var eur = _given.ContainsKey("budget_eur");
        var inr = _given.ContainsKey("budget_inr");
        if (!eur && !inr) return false;
        KeyRequests.EnsureCurrency(eur, inr, orgCurrency);
        budget = Read(eur ? "budget_eur" : "budget_inr");
        return true;
    }

    private static int? Int(JsonElement v) => v.ValueKind == JsonValueKind.Null ? null : v.GetInt32();
}
