using System.Net;
using System.Net.Sockets;

namespace CronLock.IntegrationTests.Messages;

/// <summary>
/// Forwards connections from 127.0.0.1:<see cref="Port"/> to a server, dialling it from 127.0.0.2. Redis's protected
/// mode only trusts clients from 127.0.0.1 and ::1: seen from 127.0.0.2, a server without a password answers DENIED,
/// as it does to another host, while every address involved stays on the loopback interface.
/// </summary>
internal sealed class OtherSourceRelay : IAsyncDisposable
{
    private static readonly IPAddress Source = IPAddress.Parse("127.0.0.2");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly RedisEndpoint _target;
    private readonly Task _accepting;

    public OtherSourceRelay(RedisEndpoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var server = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                server.Bind(new IPEndPoint(Source, 0));
                await server.ConnectAsync(IPAddress.Parse(_target.Host), _target.Port, _stop.Token);
                await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
                await Task.Delay(100, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The test is over, or one side went away.
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Either side closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
