using System.Runtime.InteropServices;

namespace CronLock.Running;

/// <summary>
/// The libc calls .NET does not expose. <c>Process.Start</c> cannot create a process group
/// (the child has exec'd before setpgid could run), so the job is started with posix_spawnp,
/// which sets the group before exec, race-free.
/// </summary>
internal static unsafe partial class Posix
{
    private const string Libc = "libc";

    // Same values in glibc and musl.
    public const short PosixSpawnSetPgroup = 0x02;
    public const short PosixSpawnSetSigdef = 0x04;
    public const short PosixSpawnSetSigmask = 0x08;

    /// <summary>glibc's posix_spawnattr_t is 336 bytes and musl's smaller: this is room enough for both.</summary>
    public const int SpawnAttrSize = 1024;

    /// <summary>sigset_t is 128 bytes in glibc and musl.</summary>
    public const int SigsetSize = 128;

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

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setpgroup(void* attr, int pgroup);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigdefault);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigmask);

    [LibraryImport(Libc)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Libc)]
    public static partial int sigfillset(void* set);

    /// <summary>Returns 0 or an errno value directly (it does not set errno).</summary>
    [LibraryImport(Libc)]
    public static partial int posix_spawnp(out int pid, byte* file, void* fileActions, void* attr, byte** argv, byte** envp);

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
