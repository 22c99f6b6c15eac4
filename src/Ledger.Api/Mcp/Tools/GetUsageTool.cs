using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Ledger.Api.Http;
using Ledger.Projections.Usage;
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

    /// <summary>Reads the same usage read model as GET /me/usage, so an agent and the dashboard never disagree.</summary>
    protected override async Task<(object Result, string Summary)> RunAsync(Caller caller, GetUsageInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var from = input.From ?? new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var groupBy = input.GroupBy ?? "model";
        var grouping = Enum.Parse<UsageGrouping>(groupBy, ignoreCase: true);
        var report = await UsageQuery.ReadAsync(db, caller.OrgId, grouping, from, input.To, ct);
        return (new
            {
                group_by = groupBy,
                currency = report.Currency,
                from,
                to = input.To,
                totals = report.Totals,
                series = report.Series,
                position = report.Position,
            },
            $"read usage from {from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}{(input.To is { } end ? $" to {end.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : "")} by {groupBy}");
    }
}
