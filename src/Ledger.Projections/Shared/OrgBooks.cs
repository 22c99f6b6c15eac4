using System.Collections.Concurrent;
using Ledger.Domain.Orgs;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Projections.Shared;

/// <summary>What a read model needs to know about an org to place its money: currency and time zone.</summary>
public sealed record OrgBook(string Currency, string TimeZone);

/// <summary>
/// Keeps a projection's own copy of each org's currency and time zone (from OrgSignedUp), so the
/// projection rebuilds on its own without reading another read model.
/// </summary>
internal static class OrgBooks
{
    // an org's currency and time zone never change once it signed up, so what was read once is kept:
    // reading them for every batch cost a scan per batch (a generic plan for "= any($1)" on a small table)
    private static readonly ConcurrentDictionary<Guid, OrgBook> Known = new();
    private const int KnownMax = 100_000;

    public static string Schema(string table) => $"""
        create table {table} (
            org_id    uuid primary key,
            currency  text not null,
            time_zone text not null
        );
        """;

    /// <summary>Stores the batch's signups and loads every org the batch mentions.</summary>
    public static async Task<Dictionary<Guid, OrgBook>> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string table, IReadOnlyList<RecordedEvent> events, CancellationToken ct)
    {
        var books = new Dictionary<Guid, OrgBook>();
        var signups = events.Select(e => e.Data).OfType<OrgSignedUp>().ToList();
        foreach (var s in signups)
            books[s.OrgId] = new OrgBook(s.Currency, s.TimeZone);
        if (signups.Count > 0)
        {
            await using var insert = new NpgsqlCommand($"""
                insert into {table} (org_id, currency, time_zone)
                select * from unnest($1::uuid[], $2::text[], $3::text[]) on conflict do nothing
                """, connection, tx);
            insert.Parameters.Add(new() { Value = signups.Select(s => s.OrgId).ToArray() });
            insert.Parameters.Add(new() { Value = signups.Select(s => s.Currency).ToArray() });
            insert.Parameters.Add(new() { Value = signups.Select(s => s.TimeZone).ToArray() });
            await insert.ExecuteNonQueryAsync(ct);
        }

        var missing = new HashSet<Guid>();
        foreach (var e in events)
            if (e.OrgId is Guid id && !books.ContainsKey(id))
                if (Known.TryGetValue(id, out var known)) books[id] = known;
                else missing.Add(id);
        if (missing.Count == 0)
            return books;
        await using var select = new NpgsqlCommand($"select org_id, currency, time_zone from {table} where org_id = any($1)", connection, tx);
        select.Parameters.Add(new() { Value = missing.ToArray() });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (Known.Count > KnownMax) Known.Clear();
        while (await reader.ReadAsync(ct))
            books[reader.GetGuid(0)] = Known[reader.GetGuid(0)] = new OrgBook(reader.GetString(1), reader.GetString(2));
        return books;
    }
}
