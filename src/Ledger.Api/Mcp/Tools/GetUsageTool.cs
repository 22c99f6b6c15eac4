using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Ledger.Api.Http;
using Ledger.Api.Orgs;
using Npgsql;

namespace Ledger.Api.Mcp.Tools;

public sealed record GetUsageInput(
    [property: Description("Start of the range (inclusive), ISO 8601, e.g. 2026-03-01 or 2026-03-01T09:00:00Z. Default: the first of this month, UTC.")]
    DateTimeOffset? From = null,
    [property: Description("End of the range (exclusive), ISO 8601. Default: none, everything settled so far.")]
    DateTimeOffset? To = null,
    [property: Description("How to group the series: model, provider, key (by key id) or day (in the org's time zone). Default: model.")]
    [property: AllowedValues("model", "provider", "key", "day")] string? GroupBy = null);

public sealed class GetUsageInputValidator : AbstractValidator<GetUsageInput>
{
    public GetUsageInputValidator()
    {
        RuleFor(i => i.GroupBy).Must(g => g is null or "model" or "provider" or "key" or "day")
            .WithMessage("'group_by' must be model, provider, key or day.");
        RuleFor(i => i).Must(i => i.From is null || i.To is null || i.From < i.To)
            .WithMessage("'from' must be before 'to'.");
    }
}

public sealed class GetUsageTool(McpSessionKey session, McpKeyGuard guard, IValidator<GetUsageInput> validator,
    NpgsqlDataSource db, TimeProvider clock) : LedgerTool<GetUsageInput>(session, guard, validator)
{
    protected override string Name => "get_usage";
    protected override string Description =>
        "The org's settled usage over a time range, grouped by model, provider, key or day: requests, tokens in and out, " +
        "what the providers cost and what the org was charged, in the org's billing currency.";

    protected override async Task<(object Result, string Summary)> RunAsync(Caller caller, GetUsageInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var to = input.To;
        var from = input.From ?? new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var groupBy = input.GroupBy ?? "model";
        var org = await OrgRows.LoadAsync(db, caller.OrgId, ct) ?? throw new InvalidOperationException("Caller's org row is missing.");
        var series = await UsageQuery.RunAsync(db, caller.OrgId, from, to, groupBy, org.TimeZone, ct);
        var totals = new UsageTotals(series.Sum(s => s.Requests), series.Sum(s => s.TokensIn), series.Sum(s => s.TokensOut),
            series.Sum(s => s.ProviderCost), series.Sum(s => s.Charged));
        return (new UsageReport(groupBy, org.Currency, from, to, totals, series),
            $"read usage from {from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}{(to is { } end ? $" to {end.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : "")} by {groupBy}");
    }
}
