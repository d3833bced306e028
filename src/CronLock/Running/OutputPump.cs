using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CronLock.Running;

/// <summary>
/// Reads the job's output pipes on a thread of its own, as fast as the job writes, so a job is
/// never held up by a full pipe that nobody drains.
/// </summary>
/// <remarks>
/// The job's end is its reaping, not the pipes' end of file: a background process the job left
/// behind may hold them open for hours, and a crontab line must not hang on it. Once the job is
/// reaped, what is already in the pipes is read, and reading stops at the first
/// <see cref="SilenceMs"/> without a byte or after <see cref="DrainMs"/> at the latest.
/// </remarks>
internal sealed unsafe class OutputPump(IReadOnlyList<CapturedStream> streams, OutputTail tail, Action<string> problem)
{
    /// <summary>How often the reaping is looked for while the pipes are quiet.</summary>
    private const int SilenceMs = 100;

    /// <summary>The most the reading goes on after the job was reaped.</summary>
    private const int DrainMs = 1000;

    private readonly byte[] _buffer = new byte[64 * 1024];

    public void Run(Task<int> exit)
    {
        var open = streams.Where(stream => stream.ReadEnd >= 0).ToList();
        var polled = stackalloc Posix.PollFd[2];
        long? reaped = null;
        while (open.Count > 0)
        {
            for (var i = 0; i < open.Count; i++)
            {
                polled[i] = new Posix.PollFd { Fd = open[i].ReadEnd, Events = Posix.PollIn };
            }

            var ready = Posix.poll(polled, (nuint)open.Count, SilenceMs);
            if (ready < 0 && Marshal.GetLastPInvokeError() != Posix.Eintr)
            {
                problem($"cannot read the job's output: poll: {Posix.ErrorText(Marshal.GetLastPInvokeError())}");
                break;
            }

            for (var i = open.Count - 1; ready > 0 && i >= 0; i--)
            {
                if (polled[i].Revents != 0 && !Drain(open[i]))
                {
                    open[i].CloseReadEnd();
                    open.RemoveAt(i);
                }
            }

            if (exit.IsCompleted)
            {
                reaped ??= Stopwatch.GetTimestamp();
                if (ready == 0 || Stopwatch.GetElapsedTime(reaped.Value).TotalMilliseconds >= DrainMs)
                {
                    break;
                }
            }
        }

        // Whatever still holds the write ends now writes into a closed pipe.
        foreach (var stream in open)
        {
            stream.CloseReadEnd();
        }
    }

    /// <summary>Reads once from a ready pipe and passes the bytes on; false at its end (or when it is given up).</summary>
    private bool Drain(CapturedStream stream)
    {
        var got = Descriptors.Read(stream.ReadEnd, _buffer);
        if (got <= 0)
        {
            if (got < 0)
            {
                problem($"cannot read the job's output: {Posix.ErrorText(-got)}");
            }

            return false;
        }

        var data = _buffer.AsSpan(0, got);
        tail.Append(data);
        if (stream.Spool is { } spool)
        {
            if (spool.Append(data) is var error and not 0)
            {
                problem($"cannot spool the job's output: {Posix.ErrorText(error)}; what it prints from here on is lost");
            }

            return true;
        }

        // cronlock's own stdout is gone (a reader that quit): the job learns it the way it would
        // without capture, by EPIPE and SIGPIPE on its next write, once the pipe is closed.
        return Descriptors.WriteAll(stream.Target, data) == 0;
    }
}
