namespace Ledger.EventStore;

public sealed partial class ProjectionDaemon
{
    private const string ApplicationNamePrefix = "ledger-daemon:";

    // a bigint advisory key shows in pg_locks as classid (high half) and objid (low half)
    private const string StatusSql = $"""
        select p.name, coalesce(c.tx_id, '0')::text, coalesce(c.seq, 0), coalesce(c.state, 'running'), c.error,
               coalesce((select max(seq) from events), 0),
               (select count(*) from events e where (e.tx_id, e.seq) > (coalesce(c.tx_id, '0'), coalesce(c.seq, 0))),
               coalesce((select extract(epoch from now() - e.occurred_at)::float8 from events e
                          where (e.tx_id, e.seq) > (coalesce(c.tx_id, '0'), coalesce(c.seq, 0))
                          order by e.tx_id, e.seq limit 1), 0),
               (select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                 -- advisory locks are per database: another deployment on this server may lead its own projection of this name
                 where l.locktype = 'advisory' and l.granted and l.objsubid = 1
                   and l.database = (select oid from pg_database where datname = current_database())
                   and ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('{ProjectionSql.LockPrefix}' || p.name, 0)
                 limit 1)
          from unnest($1::text[]) with ordinality as p(name, ord)
          left join projection_checkpoints c on c.name = p.name
         order by p.ord
        """;

    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(StatusSql);
        command.Parameters.Add(new() { Value = _loops.Select(l => l.Projection.Name).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var statuses = new List<ProjectionStatus>();
        while (await reader.ReadAsync(ct))
        {
            var name = reader.GetString(0);
            statuses.Add(new ProjectionStatus(
                name,
                new Checkpoint(ulong.Parse(reader.GetString(1)), reader.GetInt64(2)),
                reader.GetInt64(5),
                reader.GetInt64(6),
                reader.GetDouble(7),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(8) ? null : NodeOf(reader.GetString(8), name)));
        }
        return statuses;
    }

    /// <summary>application_name is "ledger-daemon:{node}:{projection}", possibly cut at 63 bytes.</summary>
    private static string NodeOf(string applicationName, string projection)
    {
        var rest = applicationName.StartsWith(ApplicationNamePrefix, StringComparison.Ordinal)
            ? applicationName[ApplicationNamePrefix.Length..]
            : applicationName;
        var suffix = ":" + projection;
        if (rest.EndsWith(suffix, StringComparison.Ordinal))
            return rest[..^suffix.Length];
        var colon = rest.LastIndexOf(':');
        return colon > 0 ? rest[..colon] : rest;
    }
}
