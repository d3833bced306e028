using System.Net;
using System.Net.Sockets;

namespace CronLock.Probe;

/// <summary>
/// The handshake cronlock's connection sends (HELLO 2, PING) over a bare socket, with no client
/// library: a measurement of the floor under StackExchange.Redis in the same AOT binary, never
/// part of the product. Synchronously (no thread pool, no epoll thread) and asynchronously (the
/// sockets engine and the thread pool, as any async client starts them).
/// </summary>
internal static class RawRedis
{
    private static readonly byte[] Handshake = "*2\r\n$5\r\nHELLO\r\n$1\r\n2\r\n*1\r\n$4\r\nPING\r\n"u8.ToArray();

    public static int Sync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        socket.Send(Handshake);
        var buffer = new byte[4096];
        var read = 0;
        while (!EndsWithPong(buffer, read))
        {
            var n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (n == 0)
            {
                return 1;
            }

            read += n;
        }

        return 0;
    }

    public static async Task<int> Async(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendAsync(Handshake);
        var buffer = new byte[4096];
        var read = 0;
        while (!EndsWithPong(buffer, read))
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                return 1;
            }

            read += n;
        }

        return 0;
    }

    // HELLO's reply comes first and PING's "+PONG\r\n" last: the handshake is over when it arrives.
    private static bool EndsWithPong(byte[] buffer, int read) =>
        read >= 7 && buffer.AsSpan(read - 7, 7).SequenceEqual("+PONG\r\n"u8);
}
