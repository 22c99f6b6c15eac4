using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ledger.EventStore;

/// <summary>
/// Keeps every <see cref="IAsyncProjection"/> up to date. Run one per node: an advisory lock per
/// projection makes exactly one node apply it, and another takes over when that node's connection dies.
/// </summary>
public sealed partial class ProjectionDaemon(
    NpgsqlDataSource dataSource,
    EventTypeRegistry registry,
    IEnumerable<IAsyncProjection> projections,
    ProjectionDaemonOptions? options = null,
    ILogger<ProjectionDaemon>? logger = null) : IAsyncDisposable
{
    private readonly (IAsyncProjection Projection, Pulse Pulse)[] _loops = projections.Select(p => (p, new Pulse())).ToArray();
    private readonly ProjectionDaemonOptions _options = options ?? new();
    // enough for the slowest of a few projections to find what the fastest read
    private readonly SharedBatches _batches = new(16);
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private CancellationTokenSource? _stopping;
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken ct = default)
    {
        if (_stopping is not null)
            throw new InvalidOperationException("The daemon is already running.");
        var names = _loops.GroupBy(l => l.Projection.Name).FirstOrDefault(g => g.Count() > 1);
        if (names is not null)
            throw new InvalidOperationException($"Two projections are named '{names.Key}'.");

        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _running = Task.WhenAll(
            _loops.Select(l => Task.Run(() => RunAsync(l.Projection, l.Pulse, token), CancellationToken.None))
                .Append(Task.Run(() => ListenAsync(token), CancellationToken.None)));
        return Task.CompletedTask;
    }

    /// <summary>Stops every loop; callers stopping at the same moment (a host's stop and dispose) share one stop.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        var stopping = Interlocked.Exchange(ref _stopping, null);
        if (stopping is not null)
        {
            await stopping.CancelAsync();
            stopping.Dispose();
        }
        await _running.WaitAsync(ct);
    }

    /// <summary>Clears a paused projection's error; whichever node leads it continues from its checkpoint.</summary>
    public async Task ResumeAsync(string name, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "update projection_checkpoints set state = 'running', error = null, updated_at = now() where name = $1");
        command.Parameters.Add(new() { Value = name });
        await command.ExecuteNonQueryAsync(ct);
        PulseAll();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Batches of events read from the database so far; projections at the same checkpoint share one.</summary>
    internal long BatchesRead => _batches.Reads;

    private void PulseAll()
    {
        foreach (var (_, pulse) in _loops)
            pulse.Set();
    }
}
