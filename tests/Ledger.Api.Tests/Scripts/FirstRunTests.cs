using System.Net;
using System.Net.Sockets;
using Ledger.Api.Tests.Support;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Api.Tests.Scripts;

/// <summary>
/// scripts/run.sh's database start (scripts/pg.sh's pg_start) when its port is taken: it must say so,
/// by what, and how to pick another port, before initialising anything. No build, no server started.
/// </summary>
public sealed class FirstRunTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ledger-firstrun-").FullName;

    [Fact]
    public async Task a_port_held_by_another_process_is_named_with_its_pid_and_LEDGER_PG_PORT()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var run = await PgStartAsync(port);

        run.ExitCode.ShouldNotBe(0);
        run.Stderr.ShouldContain($"127.0.0.1:{port}");
        run.Stderr.ShouldContain("the port is taken");
        run.Stderr.ShouldContain($"pid {Environment.ProcessId}");
        run.Stderr.ShouldContain($"LEDGER_PG_PORT={port + 1}");
        File.Exists(Path.Combine(_data, "PG_VERSION")).ShouldBeFalse();   // told before initdb, not after
    }

    [Fact]
    public async Task a_port_held_by_another_checkouts_cluster_is_named_as_a_postgresql()
    {
        // the throwaway PostgreSQL the tests run on stands in for the other checkout's cluster
        var port = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString).Port;

        var run = await PgStartAsync(port);

        run.ExitCode.ShouldNotBe(0);
        run.Stderr.ShouldContain($"127.0.0.1:{port}: the port is taken by a PostgreSQL (pid ");
        run.Stderr.ShouldContain("with data directory /");
        run.Stderr.ShouldContain("LEDGER_PG_PORT=");
    }

    private Task<Shell.Outcome> PgStartAsync(int port) =>
        Shell.RunAsync("bash", ["-c", "source scripts/pg.sh; pg_start \"$1\" \"$2\"", "pg_start", _data, port.ToString()],
            timeout: TimeSpan.FromSeconds(20), workingDirectory: Shell.RepoRoot());

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
