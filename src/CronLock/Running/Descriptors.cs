using System.Runtime.InteropServices;

namespace CronLock.Running;

/// <summary>The raw descriptor work of output capture: pipes, writing all of a buffer, what the job would inherit.</summary>
internal static unsafe class Descriptors
{
    /// <summary>
    /// True when a job started now would inherit <paramref name="fd"/>: open and not close-on-exec. A
    /// descriptor .NET opened itself (a Redis socket that took the number of a closed stdout) is
    /// close-on-exec, and is not the job's business.
    /// </summary>
    public static bool IsInherited(int fd) =>
        Posix.fcntl(fd, Posix.FGetfd, 0) is var flags and >= 0 && (flags & Posix.FdCloexec) == 0;

    /// <summary>A close-on-exec pipe whose ends are above 2 (with stdout closed, pipe2 would hand out 1).</summary>
    /// <returns>(read, write), or null with errno.</returns>
    public static (int Read, int Write)? Pipe(out int errno)
    {
        var fds = stackalloc int[2];
        if (Posix.pipe2(fds, Posix.OCloexec) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return (AboveStdio(fds[0]), AboveStdio(fds[1]));
    }

    /// <summary>The same open file at a number above 2, close-on-exec; the original closed.</summary>
    public static int AboveStdio(int fd)
    {
        if (fd > 2)
        {
            return fd;
        }

        var moved = Posix.fcntl(fd, Posix.FDupfdCloexec, 3);
        if (moved < 0)
        {
            return fd;
        }

        Posix.close(fd);
        return moved;
    }

    public static void Close(ref int fd)
    {
        if (fd >= 0)
        {
            Posix.close(fd);
            fd = -1;
        }
    }

    /// <summary>Reads what is there (at most the buffer). Returns the count, 0 at end of file, or -errno.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        while (true)
        {
            fixed (byte* bytes = buffer)
            {
                var got = Posix.read(fd, bytes, buffer.Length);
                if (got >= 0)
                {
                    return (int)got;
                }
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Posix.Eintr)
            {
                return -errno;
            }
        }
    }

    /// <summary>
    /// Writes all of <paramref name="data"/>, waiting when the descriptor is non-blocking and full.
    /// Returns 0, or the errno that stopped it (EPIPE: the reader is gone; EBADF: closed).
    /// </summary>
    public static int WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            nint written;
            fixed (byte* bytes = data)
            {
                written = Posix.write(fd, bytes, data.Length);
            }

            if (written >= 0)
            {
                data = data[(int)written..];
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Posix.Eagain)
            {
                var wait = new Posix.PollFd { Fd = fd, Events = Posix.PollOut };
                Posix.poll(&wait, 1, -1);
            }
            else if (errno != Posix.Eintr)
            {
                return errno;
            }
        }

        return 0;
    }
}
