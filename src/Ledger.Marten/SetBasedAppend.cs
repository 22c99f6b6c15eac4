using System.Collections.Concurrent;
using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Marten;

/// <summary>One event for <see cref="SetBasedAppend"/>: version 1 starts its stream, a later one appends to it.</summary>
public sealed record EventRow(
    string StreamKey, long Version, Guid Id, object Data, DateTimeOffset Timestamp,
    string? CorrelationId = null, string? CausationId = null);

/// <summary>
/// Writes a batch of events straight into Marten's <c>mt_streams</c> / <c>mt_events</c> with one
/// statement (arrays through <c>unnest</c>), in the caller's transaction, as the request path would:
/// Marten's per-stream append costs a function call (Quick) or a round of statements (Rich) per
/// stream. The rows are the ones Marten writes itself, column for column: the JSON from the store's
/// own serializer (so the casing can never differ), the type alias and .NET type name from the store's
/// event mapping, the sequence from <c>mt_events_sequence</c> in batch order, the store's default
/// tenant. <c>SetBasedAppendTests</c> pins that Marten reads these rows back, and projects them,
/// exactly like the ones it appended. Inline projections do not run (only the daemon sees these events).
/// </summary>
public sealed class SetBasedAppend
{
    private readonly ISerializer _serializer;
    private readonly Func<Type, (string Alias, string DotNetType)> _mapping;
    private readonly ConcurrentDictionary<Type, (string Alias, string DotNetType)> _types = new();
    private readonly string _sql;

    public SetBasedAppend(IDocumentStore store)
    {
        var events = store.Options.Events;
        // what this writer does not write: refuse a store that would expect it
        if (events.StreamIdentity != StreamIdentity.AsString || events.TenancyStyle != TenancyStyle.Single ||
            events.MetadataConfig.HeadersEnabled || events.MetadataConfig.UserNameEnabled ||
            events.UseArchivedStreamPartitioning || events.EnableEventSkippingInProjectionsOrSubscriptions ||
            !events.MetadataConfig.CorrelationIdEnabled || !events.MetadataConfig.CausationIdEnabled)
            throw new NotSupportedException(
                "SetBasedAppend writes string-keyed, single-tenant streams with correlation and causation ids and no headers, user names, archive partitions or skip flags: configure the store with LedgerMarten.Configure.");
        _serializer = store.Options.Serializer();
        var graph = ((DocumentStore)store).Events;
        _mapping = type =>
        {
            var mapping = graph.EventMappingFor(type);
            return (mapping.EventTypeName, mapping.DotNetTypeName);
        };
        var schema = events.DatabaseSchemaName;
        // heads: each stream's first and last version in the batch. A stream whose first version is 1 is
        // created (the primary key refuses one that exists); any other moves from first - 1 to last or is
        // not counted, and the caller throws. The unique (stream_id, version) index refuses a version
        // stored twice. Rows are numbered from mt_events_sequence in the order given.
        _sql = $"""
            with batch as (
                select * from unnest($1::varchar[], $2::bigint[], $3::uuid[], $4::jsonb[], $5::varchar[], $6::varchar[],
                                     $7::timestamptz[], $8::varchar[], $9::varchar[])
                       as r(stream_id, version, id, data, type, dotnet_type, ts, correlation_id, causation_id)),
            heads as (
                select stream_id, min(version) as first, max(version) as last, min(ts) as created, max(ts) as ts
                  from batch group by stream_id),
            started as (
                insert into {schema}.mt_streams (id, type, version, timestamp, created, tenant_id, is_archived)
                select stream_id, null, last, ts, created, '{StorageConstants.DefaultTenantId}', false from heads where first = 1
                returning 1),
            moved as (
                update {schema}.mt_streams s set version = h.last, timestamp = h.ts
                  from heads h
                 where h.first > 1 and s.id = h.stream_id and s.version = h.first - 1
                returning 1),
            appended as (
                insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id,
                                                mt_dotnet_type, correlation_id, causation_id, is_archived)
                select nextval('{schema}.mt_events_sequence'), id, stream_id, version, data, type, ts,
                       '{StorageConstants.DefaultTenantId}', dotnet_type, correlation_id, causation_id, false
                  from batch
                returning 1)
            select (select count(*) from heads), (select count(*) from started) + (select count(*) from moved)
            """;
    }

    /// <summary>
    /// Appends <paramref name="rows"/> in <paramref name="transaction"/> with one statement. Throws
    /// (leaving the transaction to roll back) when a stream is not at the version before its first row,
    /// or a version is stored already.
    /// </summary>
    public async Task AppendAsync(NpgsqlTransaction transaction, IReadOnlyList<EventRow> rows, CancellationToken ct = default)
    {
        CheckContiguous(rows);
        var types = rows.Select(r => _types.GetOrAdd(r.Data.GetType(), _mapping)).ToArray();
        await using var command = new NpgsqlCommand(_sql, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = rows.Select(r => r.StreamKey).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Version).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Id).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => _serializer.ToJson(r.Data)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = types.Select(t => t.Alias).ToArray() });
        command.Parameters.Add(new() { Value = types.Select(t => t.DotNetType).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Timestamp).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.CorrelationId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        command.Parameters.Add(new() { Value = rows.Select(r => r.CausationId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (streams, written) = (reader.GetInt64(0), reader.GetInt64(1));
        if (written != streams)
            throw new InvalidOperationException(
                $"{streams - written} of {streams} streams were not at the version before their first event: nothing of this batch may commit.");
    }

    private static void CheckContiguous(IReadOnlyList<EventRow> rows)
    {
        var next = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (next.TryGetValue(row.StreamKey, out var expected) && row.Version != expected)
                throw new ArgumentException($"Stream '{row.StreamKey}': version {row.Version} follows {expected - 1} in the batch.", nameof(rows));
            if (row.Version < 1)
                throw new ArgumentException($"Stream '{row.StreamKey}': version {row.Version} is below 1.", nameof(rows));
            next[row.StreamKey] = row.Version + 1;
        }
    }
}
