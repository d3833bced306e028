using System.Text;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// Drains one redirected stream into memory. Unlike ReadToEnd it can hand out what arrived so far: a grandchild
/// that survived (a bug under test) keeps the pipe open, and the test must still report and move on.
/// </summary>
internal sealed class OutputPump
{
    private readonly MemoryStream _buffer = new();

    public OutputPump(Stream source)
    {
        Completion = PumpAsync(source);
    }

    public Task Completion { get; }

    public string Snapshot()
    {
        lock (_buffer)
        {
            return Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        }
    }

    /// <summary>What arrived so far, byte for byte.</summary>
    public byte[] Bytes()
    {
        lock (_buffer)
        {
            return _buffer.ToArray();
        }
    }

    private async Task PumpAsync(Stream source)
    {
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk)) > 0)
            {
                lock (_buffer)
                {
                    _buffer.Write(chunk, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }
}
