namespace CronLock.Running;

/// <summary>One of the job's two output streams while cronlock reads it: the pipe, and where its bytes go.</summary>
/// <param name="target">cronlock's own descriptor the bytes belong to: 1 or 2.</param>
internal sealed class CapturedStream(int target, int read, int write, SpoolFile? spool)
{
    private int _read = read;
    private int _write = write;

    public int Target { get; } = target;

    /// <summary>The pipe's read end; -1 once at its end (or given up).</summary>
    public int ReadEnd => _read;

    /// <summary>The end the job writes to: its fd <see cref="Target"/>; -1 once handed over.</summary>
    public int WriteEnd => _write;

    /// <summary>Quiet mode: the bytes wait here for the run's end. Null: streamed through at once.</summary>
    public SpoolFile? Spool { get; } = spool;

    /// <summary>Once the job holds the write end, ours must go, or the pipe never reaches its end.</summary>
    public void CloseWriteEnd() => Descriptors.Close(ref _write);

    /// <summary>
    /// Stops reading. A job still writing then gets EPIPE (and SIGPIPE), as it would writing to
    /// a closed pipe of ours itself.
    /// </summary>
    public void CloseReadEnd() => Descriptors.Close(ref _read);

    public void Dispose()
    {
        CloseWriteEnd();
        CloseReadEnd();
        Spool?.Dispose();
    }
}
