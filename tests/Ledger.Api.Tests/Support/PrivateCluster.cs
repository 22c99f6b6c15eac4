using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb'd from LEDGER_PG_BIN, which scripts/test.sh sets),
/// for tests that crash the database: <see cref="CrashAsync"/> is an immediate stop (no shutdown
/// checkpoint; WAL not yet written is lost, and the next start recovers from what is on disk).
/// PostgreSQL refuses to run as root, so as root every command runs as the postgres user.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PrivateCluster(string bin, string data, int port) =>
        (_bin, _data, ConnectionString) = (bin, data, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");

    public string ConnectionString { get; }

    /// <param name="settings">postgresql.conf lines for this cluster</param>
    public static async Task<PrivateCluster> StartAsync(params string[] settings)
    {
        var bin = Environment.GetEnvironmentVariable("LEDGER_PG_BIN")
                  ?? throw new InvalidOperationException("LEDGER_PG_BIN is not set: run the tests with scripts/test.sh.");
        var data = Directory.CreateTempSubdirectory("ledger-private-pg.").FullName;
        if (IsRoot) await RunAsync("chown", "postgres:postgres", data);
        var cluster = new PrivateCluster(bin, data, FreePort());
        await cluster.PgAsync("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        var port = new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString).Port;
        await File.AppendAllLinesAsync(Path.Combine(data, "postgresql.conf"),
            ["listen_addresses = '127.0.0.1'", $"port = {port}", "unix_socket_directories = ''", "fsync = on", .. settings]);
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => PgAsync("pg_ctl", "-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "start");

    public Task CrashAsync() => PgAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try { await CrashAsync(); } catch (InvalidOperationException) { /* already stopped */ }
        Directory.Delete(_data, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task PgAsync(string tool, params string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]) : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
