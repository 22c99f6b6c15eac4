using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ledger.Testing;

/// <summary>
/// A TCP link to the test PostgreSQL that a test can cut, as a crash would (every open connection
/// reset, new ones refused), and restore on the same port; or, armed with <see cref="ArmNextCommit"/>,
/// cut just the connection that carries the server's reply to a COMMIT, so the transaction commits and
/// the client never hears it.
/// </summary>
public sealed class DatabaseLink : IAsyncDisposable
{
    private TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly int _linkPort;
    private readonly ConcurrentDictionary<Socket, bool> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;
    private int _commitArmed;

    // the protocol's CommandComplete message for COMMIT: 'C', its length (4 + 7), "COMMIT\0"
    private static readonly byte[] CommitComplete = [(byte)'C', 0, 0, 0, 11, .. "COMMIT\0"u8];

    private DatabaseLink(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        (_host, _port) = (target.Host!, target.Port);
        _listener.Start();
        _linkPort = ((IPEndPoint)_listener.LocalEndpoint).Port;
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = _linkPort }.ConnectionString;
        _accepting = AcceptAsync();
    }

    /// <summary>The same database, through the link.</summary>
    public string ConnectionString { get; }

    public static DatabaseLink To(string connectionString) => new(connectionString);

    /// <summary>How many replies to a COMMIT the link has dropped.</summary>
    public int CommitRepliesDropped { get; private set; }

    /// <summary>The next reply to a COMMIT, on any connection, is dropped and its connection cut.</summary>
    public void ArmNextCommit() => Volatile.Write(ref _commitArmed, 1);

    public void Cut()
    {
        _listener.Stop();
        foreach (var socket in _open.Keys) socket.Close(0);
        _open.Clear();
    }

    public void Restore()
    {
        // the same port again: what the node is configured with
        _listener = new TcpListener(IPAddress.Loopback, _linkPort);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(_host, _port, _stop.Token);
                (_open[client], _open[server]) = (true, true);
                _ = PumpAsync(client, server, fromServer: false);
                _ = PumpAsync(server, client, fromServer: true);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // cut or disposed
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool fromServer)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                if (fromServer && buffer.AsSpan(0, n).IndexOf(CommitComplete) >= 0 && Interlocked.Exchange(ref _commitArmed, 0) == 1)
                {
                    CommitRepliesDropped++;
                    break;
                }
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        foreach (var socket in new[] { from, to })
            if (_open.TryRemove(socket, out _)) socket.Close(0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
