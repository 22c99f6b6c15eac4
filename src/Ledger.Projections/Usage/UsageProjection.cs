using Ledger.Domain.Requests;
using Ledger.EventStore;
using Ledger.Projections.Shared;
using Npgsql;

namespace Ledger.Projections.Usage;

/// <summary>
/// Counts settled requests (completed or expired) in the hour they were admitted. Refused requests
/// are not usage: they are in the activity feed.
/// </summary>
public sealed class UsageProjection : IAsyncProjection
{
    public const string ProjectionName = "usage";

    public string Name => ProjectionName;

    /// <summary>Every table the read model keeps: what a reset empties.</summary>
    public static readonly IReadOnlyList<string> Tables = ["usage_hourly", "usage_orgs"];

    public Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, "truncate " + string.Join(", ", Tables), ct);

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var orgs = await OrgBooks.LoadAsync(connection, transaction, "usage_orgs", events, ct);
        var cells = new Dictionary<(Guid Org, DateTimeOffset Hour, Guid Key, string Model, string Provider), UsageCell>();
        foreach (var e in events)
        {
            if (UsageCell.Of(e.Data) is not { } settled || !orgs.TryGetValue(settled.OrgId, out var org))
                continue;
            var hour = LocalHour.Of(settled.AdmittedAt, org.TimeZone);
            var id = (settled.OrgId, hour.Start, settled.KeyId, settled.Model, settled.Provider);
            cells[id] = cells.TryGetValue(id, out var sum) ? sum.Add(settled.Cell) : settled.Cell with { LocalDate = hour.LocalDate };
        }
        if (cells.Count == 0)
            return;

        await Sql.ExecuteAsync(connection, transaction, """
            insert into usage_hourly (org_id, hour, local_date, key_id, model, provider, requests, tokens_in, tokens_out, provider_cost, charged)
            select * from unnest($1::uuid[], $2::timestamptz[], $3::date[], $4::uuid[], $5::text[], $6::text[],
                                 $7::bigint[], $8::bigint[], $9::bigint[], $10::numeric[], $11::numeric[])
            on conflict (org_id, hour, key_id, model, provider) do update
               set requests = usage_hourly.requests + excluded.requests,
                   tokens_in = usage_hourly.tokens_in + excluded.tokens_in,
                   tokens_out = usage_hourly.tokens_out + excluded.tokens_out,
                   provider_cost = usage_hourly.provider_cost + excluded.provider_cost,
                   charged = usage_hourly.charged + excluded.charged
            """, ct,
            cells.Keys.Select(k => k.Org).ToArray(), cells.Keys.Select(k => k.Hour).ToArray(),
            cells.Values.Select(c => c.LocalDate).ToArray(), cells.Keys.Select(k => k.Key).ToArray(),
            cells.Keys.Select(k => k.Model).ToArray(), cells.Keys.Select(k => k.Provider).ToArray(),
            cells.Values.Select(c => c.Requests).ToArray(), cells.Values.Select(c => c.TokensIn).ToArray(),
            cells.Values.Select(c => c.TokensOut).ToArray(), cells.Values.Select(c => c.ProviderCost).ToArray(),
            cells.Values.Select(c => c.Charged).ToArray());
    }
}

internal sealed record UsageCell(DateOnly LocalDate, long Requests, long TokensIn, long TokensOut, decimal ProviderCost, decimal Charged)
{
    public UsageCell Add(UsageCell other) => this with
    {
        Requests = Requests + other.Requests, TokensIn = TokensIn + other.TokensIn, TokensOut = TokensOut + other.TokensOut,
        ProviderCost = ProviderCost + other.ProviderCost, Charged = Charged + other.Charged,
    };

    public static (Guid OrgId, Guid KeyId, string Model, string Provider, DateTimeOffset AdmittedAt, UsageCell Cell)? Of(object e) => e switch
    {
        RequestCompleted c => (c.OrgId, c.KeyId, c.Model, c.Provider ?? "", c.AdmittedAt,
            new UsageCell(default, 1, c.TokensIn, c.TokensOut, c.ProviderCost * c.FxRate, c.Charged)),
        ReservationExpired x => (x.OrgId, x.KeyId, x.Model, "", x.AdmittedAt, new UsageCell(default, 1, 0, 0, 0m, x.Charged)),
        _ => null,
    };
}
