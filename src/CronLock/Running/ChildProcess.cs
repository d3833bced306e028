using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using CronLock.Logging;

namespace CronLock.Running;

/// <summary>A started job: its pid, whether it leads its own process group, and its exit.</summary>
internal sealed class ChildProcess
{
    private readonly Task<int> _exit;
    private readonly int _watchWrite;
    private readonly int _watcher;

    private ChildProcess(int pid, bool ownGroup, Task<int> exit, int watchWrite, int watcher)
    {
        Pid = pid;
        OwnGroup = ownGroup;
        _exit = exit;
        _watchWrite = watchWrite;
        _watcher = watcher;
    }

    public int Pid { get; }

    /// <summary>True when the job leads a process group of its own (pgid = pid).</summary>
    public bool OwnGroup { get; }

    /// <summary>
    /// Starts the job with PATH lookup and no shell, stdio inherited, signal dispositions and
    /// mask reset (.NET ignores SIGPIPE, and an ignored signal would otherwise be inherited: a
    /// `yes | head` inside the job would then spin instead of ending). If cronlock dies before
    /// the job is reaped, the job's process gets SIGKILL from the kernel and its process group
    /// (or the job alone when it shares ours) from a watcher process (watch.c).
    /// </summary>
    /// <remarks>
    /// The parent-death signal follows the thread that started the job, so one thread starts it
    /// and then waits for it, and lives until the job is reaped: the main thread (<see cref="JobThread"/>).
    /// </remarks>
    /// <param name="argv">The program and its arguments, as bytes, passed on untouched.</param>
    /// <param name="environment">NAME=value entries, as bytes, passed on untouched.</param>
    /// <param name="gate">Runs the start, or declines it (<see cref="SignalRelay.StartUnlessStopping"/>).</param>
    /// <param name="stdio">The descriptors to make the job's stdout and stderr (-1: inherit ours).</param>
    /// <returns>The process; or null, with the errno of the failed start (0: the gate declined).</returns>
    public static Task<(ChildProcess? Child, int Errno)> StartAsync(
        IReadOnlyList<byte[]> argv,
        IReadOnlyList<byte[]> environment,
        bool ownGroup,
        Func<Func<ChildProcess?>, ChildProcess?> gate,
        (int Stdout, int Stderr)? stdio = null)
    {
        var (stdout, stderr) = stdio ?? (-1, -1);
        var started = new TaskCompletionSource<(ChildProcess?, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        JobThread.Run(
            () =>
            {
                ChildProcess? child;
                var errno = 0;
                try
                {
                    child = gate(() => Spawn(argv, environment, ownGroup, stdout, stderr, exit.Task, out errno));
                }
                catch (Exception e)
                {
                    started.SetException(e);
                    return;
                }

                PhaseMarks.Mark("spawned");
                started.SetResult((child, errno));
                if (child is not null)
                {
                    try
                    {
                        int status;
                        try
                        {
                            status = WaitForExit(child.Pid);
                            PhaseMarks.Mark("reaped");
                        }
                        finally
                        {
                            // Reaped (or waitpid failed for good): from here on the watcher must
                            // not kill the group when we die; what is left of it after a normal exit
                            // is the job's business, as it was golock's.
                            Posix.cronlock_watch_done(child._watchWrite, child._watcher);
                        }

                        exit.SetResult(status);
                    }
                    catch (Exception e)
                    {
                        exit.SetException(e);
                    }
                }
            });
        return started.Task;
    }

    private static unsafe ChildProcess? Spawn(
        IReadOnlyList<byte[]> argv,
        IReadOnlyList<byte[]> environment,
        bool ownGroup,
        int stdout,
        int stderr,
        Task<int> exit,
        out int errno)
    {
        var strings = new List<nint>();
        try
        {
            var args = ToNativeArray(argv, strings);
            var env = ToNativeArray(environment, strings);
            errno = Posix.cronlock_spawn((byte**)args, (byte**)env, ownGroup ? 1 : 0, stdout, stderr, out var pid, out var watchWrite, out var watcher);
            return errno == 0 ? new ChildProcess(pid, ownGroup, exit, watchWrite, watcher) : null;
        }
        finally
        {
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
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

    /// <summary>The waitpid status word, once the job has ended.</summary>
    public Task<int> WaitForExitAsync() => _exit;

    /// <summary>Sends a signal to the job's whole group when it has one, else to the job alone.</summary>
    public void Signal(int signal) => Posix.kill(OwnGroup ? -Pid : Pid, signal);

    private static int WaitForExit(int pid)
    {
        while (true)
        {
            if (Posix.waitpid(pid, out var status, 0) == pid)
            {
                return status;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Posix.Eintr)
            {
                throw new InvalidOperationException($"waitpid({pid}) failed: {Posix.ErrorText(errno)}");
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
