using Npgsql;

namespace Ledger.EventStore;

public sealed partial class EventStore
{
    public async Task<AppendResult> AppendAsync(StreamAppend append, CancellationToken ct = default) =>
        (await AppendAsync([append], ct))[0];

    /// <summary>Appends to many streams in one transaction, with the inline projections.</summary>
    public async Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var results = await AppendAsync(connection, transaction, appends, ct);
        await transaction.CommitAsync(ct);
        return results;
    }

    public async Task<AppendResult> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StreamAppend append, CancellationToken ct = default) =>
        (await AppendAsync(connection, transaction, [append], ct))[0];

    /// <summary>
    /// Appends inside the caller's transaction, so the caller's own SQL commits or rolls back with
    /// the events. A <see cref="ConcurrencyException"/> leaves that transaction aborted.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        var results = await new StreamAppender(_writer, _rows).ExecuteAsync(connection, transaction, appends, ct);
        if (_inlineProjections.Length == 0)
            return results;

        // a retried append was projected the first time round
        var appended = results.Where(r => !r.WasRetry).SelectMany(r => r.Events).ToList();
        if (appended.Count > 0)
            foreach (var projection in _inlineProjections)
                await projection.ApplyAsync(connection, transaction, appended, ct);
        return results;
    }
}
