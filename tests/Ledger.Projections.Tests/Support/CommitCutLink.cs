using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ledger.Projections.Tests.Support;

/// <summary>
/// A TCP link to the test PostgreSQL that, when armed, cuts the connection that carries the server's
/// reply to a COMMIT, dropping that reply: the transaction is committed, and the client never hears it.
/// </summary>
public sealed class CommitCutLink : IAsyncDisposable
{
    // the protocol's CommandComplete message for COMMIT: 'C', its length (4 + 7), "COMMIT\0"
    private static readonly byte[] CommitComplete = [(byte)'C', 0, 0, 0, 11, .. "COMMIT\0"u8];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _armed;

    public CommitCutLink(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        (_host, _port) = (target.Host!, target.Port);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        // no pooling: the connection a writer reopens after the cut is a new one, through the link
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = port, Pooling = false }.ConnectionString;
        _accepting = AcceptAsync();
    }

    /// <summary>The same database, through the link.</summary>
    public string ConnectionString { get; }

    /// <summary>How many replies to a COMMIT the link has dropped.</summary>
    public int Cuts { get; private set; }

    /// <summary>The next reply to a COMMIT, on any connection, is dropped and its connection cut.</summary>
    public void ArmNextCommit() => Volatile.Write(ref _armed, 1);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(_host, _port, _stop.Token);
                _ = PumpAsync(client, server, watch: false);
                _ = PumpAsync(server, client, watch: true);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool watch)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                if (watch && buffer.AsSpan(0, n).IndexOf(CommitComplete) >= 0 && Interlocked.Exchange(ref _armed, 0) == 1)
                {
                    Cuts++;
                    break;
                }
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        from.Close(0);
        to.Close(0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
