using Serilog;

namespace CronLock.Running;

/// <summary>Runs the job to its end or its timeout and says what became of it.</summary>
internal sealed class ChildRunner(ILogger log)
{
    /// <summary>Environment variables the job never sees: the Redis password.</summary>
    private static readonly string[] Withheld = ["CRONLOCK_AUTH"];

    /// <returns>The outcome, or null when a signal stopped the run before the job started.</returns>
    public async Task<ChildOutcome?> RunAsync(IReadOnlyList<string> command, int timeoutSeconds, SignalRelay signals)
    {
        var ownGroup = timeoutSeconds > 0 || !IsInteractiveForeground();
        var environment = ChildProcess.InheritedEnvironment(Withheld);
        var errno = 0;
        var child = signals.StartUnlessStopping(() => ChildProcess.Spawn(command, environment, ownGroup, out errno));
        if (child is null)
        {
            return errno == 0 ? null : NotStarted(command[0], errno);
        }

        log.Debug("started {Command} as pid {Pid}{Group}", LockCommandLine(command), child.Pid, ownGroup ? " in its own process group" : "");
        var exit = child.WaitForExitAsync();
        if (timeoutSeconds > 0 && await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(timeoutSeconds))) != exit)
        {
            child.Signal(Posix.SigKill);
            await exit;
            log.Error("emergency: had to kill [{Command}] after {Seconds}s timeout", LockCommandLine(command), timeoutSeconds);
            return new ChildOutcome.TimedOut(timeoutSeconds);
        }

        return WaitStatus.Decode(await exit);
    }

    /// <summary>
    /// Run by hand at a terminal without a timeout, the job stays in our process group so it can
    /// read the terminal (a background group would be stopped by SIGTTIN) and gets ^C directly.
    /// </summary>
    private static bool IsInteractiveForeground() =>
        Posix.isatty(0) == 1 && Posix.tcgetpgrp(0) == Posix.getpgrp();

    private static string LockCommandLine(IReadOnlyList<string> command) => Options.LockKey.CommandLine(command);

    private static ChildOutcome.NotStarted NotStarted(string program, int errno) =>
        new(errno, $"cannot run {program}: {Posix.ErrorText(errno)}");
}
