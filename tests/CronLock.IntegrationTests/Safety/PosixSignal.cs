using System.Runtime.InteropServices;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// Sends a signal to one process by pid, as an operator's kill(1), a supervisor or the kernel's scheduler
/// (SIGSTOP: a paused VM, a debugger) would. Linux numbers; x86-64 and arm64 agree.
/// </summary>
internal static class PosixSignal
{
    public const int Hup = 1;
    public const int Int = 2;
    public const int Quit = 3;
    public const int Kill = 9;
    public const int Usr1 = 10;
    public const int Usr2 = 12;
    public const int Term = 15;
    public const int Cont = 18;
    public const int Stop = 19;

    public static int Number(string name) => name switch
    {
        "HUP" => Hup,
        "INT" => Int,
        "QUIT" => Quit,
        "KILL" => Kill,
        "USR1" => Usr1,
        "USR2" => Usr2,
        "TERM" => Term,
        "CONT" => Cont,
        "STOP" => Stop,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a signal these tests send"),
    };

    public static void Send(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>For cleanup: the process may already be gone.</summary>
    public static void TrySend(int pid, int signal) => _ = kill(pid, signal);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
