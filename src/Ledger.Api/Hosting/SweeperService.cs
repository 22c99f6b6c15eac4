using Ledger.Projections.Admission;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Hosting;

/// <summary>Settles abandoned reservations every few seconds.</summary>
public sealed class SweeperService(ReservationSweeper sweeper, IOptions<LedgerOptions> options, ILogger<SweeperService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.ReservationTimeoutSeconds);
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(timeout.TotalSeconds / 4, 0.5, 15)));
        while (await tick.WaitForNextTickAsync(ct))
        {
            try
            {
                var settled = await sweeper.SweepAsync(timeout, ct);
                if (settled > 0) log.LogWarning("Settled {Count} abandoned reservations at their reserved amount", settled);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Reservation sweep failed; retrying on the next tick");
            }
        }
    }
}
