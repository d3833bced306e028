using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace CronLock.Running;

/// <summary>A started job: its pid, whether it leads its own process group, and how to wait for it.</summary>
internal sealed class ChildProcess
{
    private ChildProcess(int pid, bool ownGroup)
    {
        Pid = pid;
        OwnGroup = ownGroup;
    }

    public int Pid { get; }

    /// <summary>True when the job leads a process group of its own (pgid = pid).</summary>
    public bool OwnGroup { get; }

    /// <summary>
    /// Starts the job with PATH lookup and no shell, stdio inherited. Signal dispositions and the
    /// mask are reset: .NET ignores SIGPIPE, and an ignored signal would otherwise be inherited
    /// by the job (a `yes | head` inside it would then spin instead of ending).
    /// </summary>
    /// <param name="argv">The program and its arguments, as bytes, passed on untouched.</param>
    /// <param name="environment">NAME=value entries, as bytes, passed on untouched.</param>
    /// <returns>The process, or null with the errno of the failed spawn.</returns>
    public static unsafe ChildProcess? Spawn(
        IReadOnlyList<byte[]> argv,
        IReadOnlyList<byte[]> environment,
        bool ownGroup,
        out int errno)
    {
        var strings = new List<nint>();
        var attr = NativeMemory.AllocZeroed(Posix.SpawnAttrSize);
        var sigdefault = NativeMemory.AllocZeroed(Posix.SigsetSize);
        var sigmask = NativeMemory.AllocZeroed(Posix.SigsetSize);
        try
        {
            var args = ToNativeArray(argv, strings);
            var env = ToNativeArray(environment, strings);
            Posix.posix_spawnattr_init(attr);
            Posix.sigfillset(sigdefault);
            Posix.sigemptyset(sigmask);
            var flags = (short)(Posix.PosixSpawnSetSigdef | Posix.PosixSpawnSetSigmask);
            if (ownGroup)
            {
                flags |= Posix.PosixSpawnSetPgroup;
                Posix.posix_spawnattr_setpgroup(attr, 0);
            }

            Posix.posix_spawnattr_setflags(attr, flags);
            Posix.posix_spawnattr_setsigdefault(attr, sigdefault);
            Posix.posix_spawnattr_setsigmask(attr, sigmask);
            errno = Posix.posix_spawnp(out var pid, (byte*)args[0], null, attr, (byte**)args, (byte**)env);
            Posix.posix_spawnattr_destroy(attr);
            return errno == 0 ? new ChildProcess(pid, ownGroup) : null;
        }
        finally
        {
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }

            NativeMemory.Free(attr);
            NativeMemory.Free(sigdefault);
            NativeMemory.Free(sigmask);
        }
    }

    /// <summary>
    /// The job's environment: ours, with the changes applied (a null value removes a variable).
    /// Entries are matched by the bytes of their name; every other entry is passed on byte for
    /// byte, a value that is not UTF-8 included.
    /// </summary>
    /// <param name="inherited">Our environment as NAME=value bytes; null: .NET's view of it, in UTF-8.</param>
    public static List<byte[]> InheritedEnvironment(IReadOnlyList<byte[]>? inherited, IReadOnlyDictionary<string, string?> changes)
    {
        var entries = inherited?.ToList() ?? ManagedEnvironment();
        foreach (var (name, value) in changes)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            entries.RemoveAll(entry => NameOf(entry).SequenceEqual(nameBytes));
            if (value is not null)
            {
                entries.Add(Encoding.UTF8.GetBytes(name + "=" + value));
            }
        }

        return entries;
    }

    private static List<byte[]> ManagedEnvironment()
    {
        var entries = new List<byte[]>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            entries.Add(Encoding.UTF8.GetBytes((string)entry.Key + "=" + (string?)entry.Value));
        }

        return entries;
    }

    private static ReadOnlySpan<byte> NameOf(byte[] entry) =>
        entry.AsSpan(0, Array.IndexOf(entry, (byte)'=') is var equals and >= 0 ? equals : entry.Length);

    /// <summary>Waits on a dedicated thread: waitpid blocks, and nothing else reaps our child.</summary>
    public Task<int> WaitForExitAsync() =>
        Task.Factory.StartNew(WaitForExit, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Sends a signal to the job's whole group when it has one, else to the job alone.</summary>
    public void Signal(int signal) => Posix.kill(OwnGroup ? -Pid : Pid, signal);

    private int WaitForExit()
    {
        while (true)
        {
            if (Posix.waitpid(Pid, out var status, 0) == Pid)
            {
                return status;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Posix.Eintr)
            {
                throw new InvalidOperationException($"waitpid({Pid}) failed: {Posix.ErrorText(errno)}");
            }
        }
    }

    /// <summary>A NULL-terminated array of NUL-terminated copies, as execve takes them.</summary>
    private static unsafe nint* ToNativeArray(IReadOnlyList<byte[]> values, List<nint> owned)
    {
        var array = (nint*)Marshal.AllocCoTaskMem((values.Count + 1) * sizeof(nint));
        owned.Add((nint)array);
        for (var i = 0; i < values.Count; i++)
        {
            var copy = (byte*)Marshal.AllocCoTaskMem(values[i].Length + 1);
            owned.Add((nint)copy);
            values[i].CopyTo(new Span<byte>(copy, values[i].Length));
            copy[values[i].Length] = 0;
            array[i] = (nint)copy;
        }

        array[values.Count] = 0;
        return array;
    }
}
