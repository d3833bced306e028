using System.Net;
using System.Net.Sockets;
using System.Text;
using CronLock.Logging;

namespace CronLock.Connection;

/// <summary>
/// Asks a server that hung up on the library why: connects once more, sends PING, and reads the
/// first line. A server that refuses clients says so in an error before closing (protected mode:
/// "-DENIED Redis is running in protected mode…"); the library only reports the closed socket.
/// </summary>
internal static class RefusalProbe
{
    /// <summary>What the server said, CronLock's advice, and whether retrying cannot help.</summary>
    internal sealed record Refusal(string Text, string Advice, bool Final);

    /// <summary>Longest stretch of the server's words quoted: its first sentence, at most this long.</summary>
    private const int Quoted = 200;

    public static async Task<Refusal?> ReadAsync(EndPoint endpoint, TimeSpan timeout, CancellationToken cancellation)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bounded.CancelAfter(timeout);
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endpoint, bounded.Token);
            await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, bounded.Token);
            var buffer = new byte[512];
            var length = 0;
            while (length < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, length) < 0)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, bounded.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return Read(Encoding.UTF8.GetString(buffer, 0, length));
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Nothing said within REDIS_TIMEOUT: no refusal to quote.
            return null;
        }
    }

    /// <summary>The refusal in the server's first line, or null when it is no error reply. Pure.</summary>
    public static Refusal? Read(string reply)
    {
        if (!reply.StartsWith('-'))
        {
            return null;
        }

        var line = reply[1..].Split('\n', 2)[0].TrimEnd('\r');
        var sentence = line.IndexOf(". ", StringComparison.Ordinal) is > 0 and var end ? line[..end] : line.TrimEnd('.');
        var text = ControlCharacters.Escape(sentence.Length > Quoted ? sentence[..Quoted] + "…" : sentence);
        return line.StartsWith("DENIED", StringComparison.Ordinal)
            ? new Refusal(text, " (set a password on the server and give it in CRONLOCK_AUTH, or turn protected mode off)", Final: true)
            : new Refusal(text, "", Final: false);
    }
}
