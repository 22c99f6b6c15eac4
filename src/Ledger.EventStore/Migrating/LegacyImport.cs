using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ledger.Domain;
using Ledger.Marten;
using Marten;
using Npgsql;

namespace Ledger.EventStore.Migrating;

/// <param name="Copied">Events written into mt_events by this run.</param>
/// <param name="Streams">Streams those events belong to.</param>
/// <param name="FirstSeq">The old <c>seq</c> of the first event copied; null when nothing was.</param>
public sealed record LegacyImportReport(long Copied, int Streams, long? FirstSeq, long? LastSeq);

/// <summary>The old history was not imported: its chain does not verify, or the copy does not match it.</summary>
public sealed class LegacyImportRefusedException(string message, ChainProblem? problem = null) : Exception(message)
{
    public ChainProblem? Problem { get; } = problem;
}

/// <summary>
/// Moves a database written by the store before Marten (tables <c>events</c> and <c>streams</c>) into
/// Marten's <c>mt_streams</c>/<c>mt_events</c>: the old chain is verified first, every event is copied in
/// <c>seq</c> order with its id, stream, version, type, data, time, ids, actor and org through
/// <see cref="SetBasedAppend"/> (which computes the new chain: the old hashes hashed other text), and the
/// result is checked against the old tables and the new <see cref="ChainVerifier"/>. Each batch commits on
/// its own and events whose id is in mt_events already are skipped, so a run that stopped goes on where
/// it stopped and a second run copies nothing. The old tables stay as they are.
/// The Marten schema must exist (<c>ApplyAllConfiguredChangesToDatabaseAsync</c>).
/// </summary>
public sealed class LegacyImport(NpgsqlDataSource dataSource, IDocumentStore store, int batchSize = 500)
{
    // the options the old store wrote events with (EventTypeRegistry.JsonOptions on main), but refusing a
    // member the type does not have: nothing is dropped silently
    private static readonly JsonSerializerOptions OldJson = CreateOldJson();
    private static readonly Dictionary<string, Type> Types =
        LedgerMarten.EventTypes(typeof(EventTypeAttribute).Assembly).ToDictionary(t => t.Name, t => t.Type, StringComparer.Ordinal);

    private readonly string _schema = store.Options.Events.DatabaseSchemaName;

    /// <summary>Imports every old event not imported yet; does nothing (and reports 0) when there is none.</summary>
    public async Task<LegacyImportReport> RunAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await HasPendingAsync(connection, ct))
            return new LegacyImportReport(0, 0, null, null);

        var old = await LegacyChainVerifier.VerifyAsync(connection, ct);
        if (!old.Ok)
            throw new LegacyImportRefusedException(
                $"The old event history does not verify, so it was not imported: event seq {old.FirstProblem!.Seq?.ToString() ?? "(none)"}, stream {old.FirstProblem.StreamId} version {old.FirstProblem.Version}: {old.FirstProblem.Kind}: {old.FirstProblem.Message}.",
                old.FirstProblem);

        var append = new SetBasedAppend(store);
        var (copied, streams, first, last) = (0L, new HashSet<string>(StringComparer.Ordinal), (long?)null, (long?)null);
        var after = 0L;
        while (true)
        {
            var batch = await NextBatchAsync(connection, after, ct);
            if (batch.Count == 0) break;
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var previous = await PreviousHashesAsync(connection, transaction, batch, ct);
            var rows = batch.Select(e => e.Row with { PreviousHash = e.Row.Version == 1 ? null : previous.GetValueOrDefault(e.Row.StreamKey) }).ToList();
            await append.AppendAsync(transaction, rows, ct);
            await transaction.CommitAsync(ct);
            copied += batch.Count;
            foreach (var e in batch) streams.Add(e.Row.StreamKey);
            first ??= batch[0].Seq;
            last = after = batch[^1].Seq;
        }

        await CheckCopyAsync(connection, ct);
        var verification = await new ChainVerifier(dataSource).VerifyAsync(ct);
        if (!verification.Ok)
            throw new LegacyImportRefusedException(
                $"The imported events do not verify: stream {verification.FirstProblem!.StreamId} version {verification.FirstProblem.Version}: {verification.FirstProblem.Message}.",
                verification.FirstProblem);
        return new LegacyImportReport(copied, streams.Count, first, last);
    }

    private async Task<bool> HasPendingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // a database made after the move has no old tables
        await using var exists = new NpgsqlCommand("select to_regclass('events') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return false;
        await using var pending = new NpgsqlCommand(
            $"select exists (select 1 from events e where not exists (select 1 from {_schema}.mt_events m where m.id = e.id))", connection);
        return (bool)(await pending.ExecuteScalarAsync(ct))!;
    }

    private sealed record OldEvent(long Seq, EventRow Row);

    private async Task<List<OldEvent>> NextBatchAsync(NpgsqlConnection connection, long after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select e.seq, e.id, e.stream_id, e.version, e.type, e.data::text, e.metadata::text, e.org_id, e.occurred_at
              from events e
             where e.seq > $1 and not exists (select 1 from {_schema}.mt_events m where m.id = e.id)
             order by e.seq
             limit $2
            """, connection) { Parameters = { new() { Value = after }, new() { Value = batchSize } } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        var batch = new List<OldEvent>();
        while (await reader.ReadAsync(ct))
        {
            var (seq, type) = (reader.GetInt64(0), reader.GetString(4));
            var metadata = JsonNode.Parse(reader.GetString(6))!.AsObject();
            batch.Add(new OldEvent(seq, new EventRow(
                reader.GetString(2), reader.GetInt32(3), reader.GetGuid(1), Data(seq, type, reader.GetString(5)),
                reader.GetFieldValue<DateTimeOffset>(8),
                (string?)metadata["actor"] ?? throw new LegacyImportRefusedException($"Event seq {seq} has no actor in its metadata."),
                reader.IsDBNull(7) ? null : reader.GetGuid(7), (string?)metadata["correlation_id"], (string?)metadata["causation_id"])));
        }
        return batch;
    }

    /// <summary>The old JSON as the domain's type. OrgSignedUp written before the email moved out carries it: dropped (it is in org_personal_data).</summary>
    private static object Data(long seq, string type, string json)
    {
        if (!Types.TryGetValue(type, out var clr))
            throw new LegacyImportRefusedException($"Event seq {seq} has type '{type}', which no domain type is named.");
        var node = JsonNode.Parse(json)!.AsObject();
        if (clr == typeof(Domain.Orgs.OrgSignedUp)) node.Remove("email");
        try
        {
            return node.Deserialize(clr, OldJson) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new LegacyImportRefusedException($"Event seq {seq} ({type}) does not read as {clr.Name}: {e.Message}");
        }
    }

    /// <summary>The hash of each stream's event just before its first in <paramref name="batch"/>, from an earlier batch (or run).</summary>
    private async Task<Dictionary<string, byte[]>> PreviousHashesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<OldEvent> batch, CancellationToken ct)
    {
        var firsts = batch.GroupBy(e => e.Row.StreamKey).Select(g => g.First().Row).Where(r => r.Version > 1).ToList();
        var hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (firsts.Count == 0) return hashes;
        await using var command = new NpgsqlCommand($"""
            select m.stream_id, m.headers->>'hash'
              from unnest($1::varchar[], $2::bigint[]) as p(stream_id, version)
              join {_schema}.mt_events m on m.stream_id = p.stream_id and m.version = p.version
            """, connection, transaction)
        {
            Parameters = { new() { Value = firsts.Select(r => r.StreamKey).ToArray() }, new() { Value = firsts.Select(r => r.Version - 1).ToArray() } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            hashes[reader.GetString(0)] = Convert.FromBase64String(reader.GetString(1));
        return hashes;
    }

    /// <summary>Every old event is in mt_events under the same stream, version and type, and every old stream's version is reached.</summary>
    private async Task CheckCopyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            (select format('event seq %s (%s version %s) is not in mt_events as it was', e.seq, e.stream_id, e.version)
               from events e left join {_schema}.mt_events m on m.id = e.id
              where m.id is null or m.stream_id <> e.stream_id or m.version <> e.version or m.type <> e.type
              order by e.seq limit 1)
            union all
            (select format('stream %s is at version %s, in mt_streams at %s', s.id, s.version, coalesce(ms.version, 0))
               from streams s left join {_schema}.mt_streams ms on ms.id = s.id
              where coalesce(ms.version, 0) < s.version
              order by s.id limit 1)
            """, connection) { CommandTimeout = 0 };
        if (await command.ExecuteScalarAsync(ct) is string problem)
            throw new LegacyImportRefusedException($"The import does not match the old history: {problem}.");
    }

    private static JsonSerializerOptions CreateOldJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
