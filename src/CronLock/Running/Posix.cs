using System.Runtime.InteropServices;

namespace CronLock.Running;

/// <summary>
/// The libc calls .NET does not expose, and the job starter of spawn.c, linked into the binary.
/// </summary>
internal static unsafe partial class Posix
{
    private const string Libc = "libc";

    /// <summary>spawn.c: linked into the native binary; libcronlock_spawn.so beside cronlock.dll otherwise (CronLock.csproj).</summary>
    private const string Spawn = "cronlock_spawn";

    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int Echild = 10;
    public const int Eintr = 4;
    public const int Esrch = 3;
    public const int Enoent = 2;
    public const int Enotdir = 20;
    public const int Eacces = 13;
    public const int Eperm = 1;
    public const int Enoexec = 8;
    public const int Eisdir = 21;

    /// <summary>spawn.c: returns 0 or an errno value directly (it does not set errno).</summary>
    [LibraryImport(Spawn)]
    public static partial int cronlock_spawn(byte** argv, byte** envp, int ownGroup, int stdoutFd, int stderrFd, out int pid, out int watchWrite, out int watcher);

    /// <summary>watch.c: tells the job's watcher the job was reaped, and reaps the watcher.</summary>
    [LibraryImport(Spawn)]
    public static partial void cronlock_watch_done(int watchWrite, int watcher);

    public const int Eagain = 11;
    public const int FdCloexec = 1;
    public const int FGetfd = 1;
    public const int FDupfdCloexec = 1030;
    public const int OCloexec = 0x80000;
    public const short PollIn = 0x1;
    public const short PollOut = 0x4;

    /// <summary>poll(2)'s struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int close(int fd);

    /// <summary>fcntl with an int argument (F_GETFD, F_DUPFD_CLOEXEC).</summary>
    [LibraryImport(Libc, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int mkostemp(byte* template, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int unlink(byte* path);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Libc)]
    public static partial int isatty(int fd);

    [LibraryImport(Libc)]
    public static partial int tcgetpgrp(int fd);

    [LibraryImport(Libc)]
    public static partial int getpgrp();

    [LibraryImport(Libc)]
    private static partial nint strerror(int errnum);

    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(strerror(errno)) ?? $"errno {errno}";
}
