using System.Collections.Concurrent;
using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Ledger.Marten.Chain;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Marten;

/// <summary>
/// One event for <see cref="SetBasedAppend"/>: version 1 starts its stream, a later one appends to it.
/// </summary>
/// <param name="Actor">Who caused it ("key:{id}", "operator", "system", "mcp:{id}"): the <c>actor</c> header.</param>
/// <param name="OrgId">The org it belongs to, if any: the <c>org</c> header.</param>
/// <param name="PreviousHash">The hash of the stream's event before this one, when that event is not in the same batch.</param>
public sealed record EventRow(
    string StreamKey, long Version, Guid Id, object Data, DateTimeOffset Timestamp, string Actor,
    Guid? OrgId = null, string? CorrelationId = null, string? CausationId = null, byte[]? PreviousHash = null);

/// <summary>Rows serialised and chained, ready to be sent: as a command in the caller's batch, or on their own.</summary>
public sealed class PreparedRows
{
    internal PreparedRows(NpgsqlBatchCommand command, byte[][] hashes) => (Command, Hashes) = (command, hashes);

    /// <summary>
    /// The one statement that writes them. It fails, so the transaction cannot commit, when a stream
    /// is not at the version before its first row or a version is stored already.
    /// </summary>
    public NpgsqlBatchCommand Command { get; }

    /// <summary>Each row's hash, in the order given: the previous hash of whatever follows it in its stream.</summary>
    public byte[][] Hashes { get; }
}

/// <summary>
/// Writes a batch of events straight into Marten's <c>mt_streams</c> / <c>mt_events</c> with one
/// statement (arrays through <c>unnest</c>), in the caller's transaction, as the request path would:
/// Marten's per-stream append costs a function call (Quick) or a round of statements (Rich) per
/// stream. The rows are the ones Marten writes itself, column for column: the JSON from the store's
/// own serializer (so the casing can never differ), the type alias and .NET type name from the store's
/// event mapping, the sequence from <c>mt_events_sequence</c> in batch order, the store's default
/// tenant, and the <c>actor</c>, <c>org</c> and <c>hash</c> headers (<see cref="EventChain"/>).
/// <c>SetBasedAppendTests</c> pins that Marten reads these rows back, and projects them, exactly like
/// the ones it appended. Inline projections do not run (only the daemon sees these events).
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
            !events.MetadataConfig.HeadersEnabled || events.MetadataConfig.UserNameEnabled ||
            events.UseArchivedStreamPartitioning || events.EnableEventSkippingInProjectionsOrSubscriptions ||
            !events.MetadataConfig.CorrelationIdEnabled || !events.MetadataConfig.CausationIdEnabled)
            throw new NotSupportedException(
                "SetBasedAppend writes string-keyed, single-tenant streams with correlation and causation ids and headers, and no user names, archive partitions or skip flags: configure the store with LedgerMarten.Configure.");
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
        // not counted, and the statement fails. The unique (stream_id, version) index refuses a version
        // stored twice. Rows are numbered from mt_events_sequence in the order given.
        _sql = $"""
            with batch as (
                select * from unnest($1::varchar[], $2::bigint[], $3::uuid[], $4::jsonb[], $5::varchar[], $6::varchar[],
                                     $7::timestamptz[], $8::varchar[], $9::varchar[], $10::jsonb[])
                       with ordinality as r(stream_id, version, id, data, type, dotnet_type, ts, correlation_id, causation_id, headers, n)),
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
                                                mt_dotnet_type, correlation_id, causation_id, headers, is_archived)
                select nextval('{schema}.mt_events_sequence'), id, stream_id, version, data, type, ts,
                       '{StorageConstants.DefaultTenantId}', dotnet_type, correlation_id, causation_id, headers, false
                  from batch order by n
                returning 1),
            counted as (
                select (select count(*) from heads) as streams,
                       (select count(*) from started) + (select count(*) from moved) as written,
                       (select count(*) from appended) as events)
            -- events first: the insert runs then, so a version stored twice fails on the unique index, the
            -- precise answer. A plain SQL statement cannot raise, but a failed cast can: it aborts the
            -- transaction with this text
            select case when events >= 0 and written = streams then events
                        else (format('set-based append: %s of %s streams were not at the version before their first event', streams - written, streams))::bigint
                   end
              from counted
            """;
    }

    /// <summary>Serialises and chains <paramref name="rows"/> into one statement for the caller to send.</summary>
    public PreparedRows Prepare(IReadOnlyList<EventRow> rows)
    {
        var n = rows.Count;
        var (json, types, headers, hashes) = (new string[n], new (string Alias, string DotNetType)[n], new string[n], new byte[n][]);
        var last = new Dictionary<string, (long Version, byte[] Hash)>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            if (row.Version < 1)
                throw new ArgumentException($"Stream '{row.StreamKey}': version {row.Version} is below 1.", nameof(rows));
            byte[]? previous;
            if (last.TryGetValue(row.StreamKey, out var before))
            {
                if (row.Version != before.Version + 1)
                    throw new ArgumentException($"Stream '{row.StreamKey}': version {row.Version} follows {before.Version} in the batch.", nameof(rows));
                previous = before.Hash;
            }
            else if ((row.Version == 1) != (row.PreviousHash is null))
                throw new ArgumentException($"Stream '{row.StreamKey}': version {row.Version} needs the previous event's hash exactly when it is not the first.", nameof(rows));
            else
                previous = row.PreviousHash;

            json[i] = _serializer.ToJson(row.Data);
            types[i] = _types.GetOrAdd(row.Data.GetType(), _mapping);
            var at = EventChain.AsStored(row.Timestamp);
            hashes[i] = EventChain.Hash(previous, new ChainedFields(row.StreamKey, row.Version, types[i].Alias, JsonbText.Of(json[i]),
                row.CorrelationId, row.CausationId, row.Actor, row.OrgId, at));
            headers[i] = Headers(row.Actor, row.OrgId, hashes[i]);
            last[row.StreamKey] = (row.Version, hashes[i]);
        }

        var command = new NpgsqlBatchCommand(_sql)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.StreamKey).ToArray() },
                new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.Version).ToArray() },
                new NpgsqlParameter<Guid[]> { TypedValue = rows.Select(r => r.Id).ToArray() },
                new NpgsqlParameter<string[]> { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<string[]> { TypedValue = types.Select(t => t.Alias).ToArray() },
                new NpgsqlParameter<string[]> { TypedValue = types.Select(t => t.DotNetType).ToArray() },
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = rows.Select(r => EventChain.AsStored(r.Timestamp)).ToArray() },
                new NpgsqlParameter { Value = rows.Select(r => (object?)r.CorrelationId ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new NpgsqlParameter { Value = rows.Select(r => (object?)r.CausationId ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new NpgsqlParameter<string[]> { TypedValue = headers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
            },
        };
        return new PreparedRows(command, hashes);
    }

    /// <summary>
    /// Appends <paramref name="rows"/> in <paramref name="transaction"/> with one statement and
    /// returns their hashes. Throws (leaving the transaction to roll back) when a stream is not at the
    /// version before its first row, or a version is stored already.
    /// </summary>
    public async Task<byte[][]> AppendAsync(NpgsqlTransaction transaction, IReadOnlyList<EventRow> rows, CancellationToken ct = default)
    {
        var prepared = Prepare(rows);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction) { BatchCommands = { prepared.Command } };
        await batch.ExecuteNonQueryAsync(ct);
        return prepared.Hashes;
    }

    /// <summary>The headers as Marten would write them from a dictionary: <c>actor</c>, <c>org</c> (when there is one), <c>hash</c>.</summary>
    private string Headers(string actor, Guid? org, byte[] hash)
    {
        var headers = new Dictionary<string, object> { [EventChain.ActorHeader] = actor };
        if (org is Guid o) headers[EventChain.OrgHeader] = o.ToString();
        headers[EventChain.HashHeader] = Convert.ToBase64String(hash);
        return _serializer.ToJson(headers);
    }
}
