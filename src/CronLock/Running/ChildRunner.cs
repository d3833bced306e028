using System.Text;
using Serilog;

namespace CronLock.Running;

/// <summary>Runs the job to its end, its timeout or the loss of its lock, and says what became of it.</summary>
internal sealed class ChildRunner(ILogger log)
{
    /// <param name="command">The job's program and arguments, as bytes.</param>
    /// <param name="inheritedEnvironment">Our environment as bytes, passed on to the job; null: .NET's view of it.</param>
    /// <param name="environmentChanges">Set in the job's environment (fencing token, lock key); a null value removes the variable (secrets).</param>
    /// <param name="lockLost">Cancelled when the lock is lost while the job runs.</param>
    /// <returns>The outcome, or null when a signal stopped the run before the job started.</returns>
    public async Task<ChildOutcome?> RunAsync(
        IReadOnlyList<byte[]> command,
        IReadOnlyList<byte[]>? inheritedEnvironment,
        IReadOnlyDictionary<string, string?> environmentChanges,
        StopRules rules,
        SignalRelay signals,
        CancellationToken lockLost)
    {
        var ownGroup = rules.TimeoutSeconds > 0 || !IsInteractiveForeground();
        var environment = ChildProcess.InheritedEnvironment(inheritedEnvironment, environmentChanges);
        var (child, errno) = await ChildProcess.StartAsync(command, environment, ownGroup, signals.StartUnlessStopping);
        if (child is null)
        {
            return errno == 0 ? null : NotStarted(Encoding.UTF8.GetString(command[0]), errno);
        }

        var commandLine = Options.LockKey.CommandLine([.. command.Select(bytes => Encoding.UTF8.GetString(bytes))]);
        log.Debug("started {Command} as pid {Pid}{Group}", commandLine, child.Pid, ownGroup ? " in its own process group" : "");
        var exit = child.WaitForExitAsync();
        var timeout = rules.TimeoutSeconds > 0 ? Task.Delay(TimeSpan.FromSeconds(rules.TimeoutSeconds)) : Task.Delay(Timeout.Infinite);
        var lost = Task.Delay(Timeout.Infinite, lockLost);
        while (true)
        {
            var first = await Task.WhenAny(exit, timeout, lost);
            if (first == exit)
            {
                return WaitStatus.Decode(await exit);
            }

            if (first == timeout)
            {
                await StopAsync(child, exit, rules.TimeoutSignal, rules.KillAfterSeconds);
                log.Error("emergency: had to kill [{Command}] after {Seconds}s timeout", commandLine, rules.TimeoutSeconds);
                return new ChildOutcome.TimedOut(rules.TimeoutSeconds);
            }

            if (!rules.StopOnLockLoss)
            {
                log.Warning("the lock was lost; CRONLOCK_ON_LOST=warn: letting [{Command}] finish", commandLine);
                lost = Task.Delay(Timeout.Infinite, CancellationToken.None);
                continue;
            }

            log.Error("the lock was lost: stopping [{Command}] (CRONLOCK_ON_LOST=kill)", commandLine);
            await StopAsync(child, exit, Posix.SigTerm, rules.KillAfterSeconds);
            return new ChildOutcome.StoppedOnLockLoss();
        }
    }

    /// <summary>Like timeout(1): the first signal to the job's group, then KILL if it is still there.</summary>
    private static async Task StopAsync(ChildProcess child, Task<int> exit, int signal, int killAfterSeconds)
    {
        child.Signal(signal);
        if (signal != Posix.SigKill && await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(killAfterSeconds))) != exit)
        {
            child.Signal(Posix.SigKill);
        }

        await exit;
        if (child.OwnGroup)
        {
            // The leader is gone; nothing of a stopped job may outlive it (no orphans).
            child.Signal(Posix.SigKill);
        }
    }

    /// <summary>
    /// Run by hand at a terminal without a timeout, the job stays in our process group so it can
    /// read the terminal (a background group would be stopped by SIGTTIN) and gets ^C directly.
    /// </summary>
    private static bool IsInteractiveForeground() =>
        Posix.isatty(0) == 1 && Posix.tcgetpgrp(0) == Posix.getpgrp();

    private static ChildOutcome.NotStarted NotStarted(string program, int errno) =>
        new(errno, $"cannot run {program}: {Posix.ErrorText(errno)}");
}
