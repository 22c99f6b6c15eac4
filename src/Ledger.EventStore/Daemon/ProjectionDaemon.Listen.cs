using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.EventStore;

public sealed partial class ProjectionDaemon
{
    /// <summary>One LISTEN connection wakes every projection loop; polling covers any gap.</summary>
    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, _) => PulseAll();
                await using (var listen = new NpgsqlCommand($"listen {AppendNotifier.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                // events committed while nobody listened
                PulseAll();
                try
                {
                    while (true)
                        await connection.WaitAsync(_options.PollInterval, stopping);
                }
                finally
                {
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Event listener on {Node} failed; reconnecting", _options.NodeName);
                try
                {
                    await Task.Delay(_options.PollInterval, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
            return;
        try
        {
            await using var command = new NpgsqlCommand("unlisten *", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException) { }
    }
}
