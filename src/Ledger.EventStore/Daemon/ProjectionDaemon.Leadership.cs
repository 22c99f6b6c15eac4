using System.Data;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.EventStore;

public sealed partial class ProjectionDaemon
{
    /// <summary>
    /// Competes for the projection's lock and, while holding it, runs the projection on the same
    /// connection: if that connection dies the lock goes with it and this node stops applying.
    /// </summary>
    private async Task RunAsync(IAsyncProjection projection, Pulse pulse, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping);
                await PrepareAsync(connection, projection.Name, stopping);
                while (!await TryLockAsync(connection, projection.Name, stopping))
                    await Task.Delay(_options.LockRetryInterval, stopping);

                _logger.LogInformation("{Node} leads projection {Projection}", _options.NodeName, projection.Name);
                try
                {
                    await LeadAsync(connection, projection, pulse, stopping);
                }
                finally
                {
                    await ReleaseAsync(connection, projection.Name);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Projection {Projection} lost its connection on {Node}; retrying", projection.Name, _options.NodeName);
                try
                {
                    // longer than a healthy node's retry, so a node whose connection just died does not win the lock straight back
                    await Task.Delay(_options.LockRetryInterval * 3, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PrepareAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select set_config('application_name', $1, false)", connection);
        command.Parameters.Add(new() { Value = $"{ApplicationNamePrefix}{_options.NodeName}:{name}" });
        await command.ExecuteNonQueryAsync(ct);
        await ProjectionSql.EnsureCheckpointAsync(connection, null, name, ct);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(hashtextextended($1, 0))", connection);
        command.Parameters.Add(new() { Value = ProjectionSql.LockKey(name) });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// A pooled connection is only reset when next used, so the lock and the application name are
    /// dropped here rather than left on an idle connection.
    /// </summary>
    private static async Task ReleaseAsync(NpgsqlConnection connection, string name)
    {
        if (connection.FullState != ConnectionState.Open)
            return;
        try
        {
            await using var command = new NpgsqlCommand(
                "select pg_advisory_unlock(hashtextextended($1, 0)), set_config('application_name', '', false)", connection);
            command.Parameters.Add(new() { Value = ProjectionSql.LockKey(name) });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException) { }
    }
}
