using System.Text;
using CronLock.Core.Timing;
using Serilog;

namespace CronLock.Running;

/// <summary>Runs the job to its end, its timeout or the loss of its lock, and says what became of it.</summary>
internal sealed class ChildRunner(ILogger log, TimeProvider clock)
{
    /// <param name="command">The job's program and arguments, as bytes.</param>
    /// <param name="commandLine">The same, as logs show it.</param>
    /// <param name="environmentChanges">Set in the job's environment (fencing token, lock key); a null value removes the variable (secrets).</param>
    /// <param name="lockLost">Cancelled when the lock is lost while the job runs.</param>
    /// <param name="capture">Reads the job's stdout and stderr through pipes; null: the job inherits ours.</param>
    /// <returns>The outcome, or null when a signal stopped the run before the job started.</returns>
    public async Task<ChildOutcome?> RunAsync(
        IReadOnlyList<byte[]> command,
        string commandLine,
        IReadOnlyDictionary<string, string?> environmentChanges,
        StopRules rules,
        SignalRelay signals,
        CancellationToken lockLost,
        OutputCapture? capture = null)
    {
        var ownGroup = rules.TimeoutSeconds > 0 || !IsInteractiveForeground();
        // Read only now, for a run that won its lock: most runs of a fleet lose it and start nothing.
        var environment = ChildProcess.InheritedEnvironment(ProcessBytes.Environment(), environmentChanges);
        var stdio = capture?.Open();
        var (child, errno) = await ChildProcess.StartAsync(command, environment, ownGroup, signals.StartUnlessStopping, stdio);
        capture?.Started(child?.WaitForExitAsync());
        if (child is null)
        {
            return errno == 0 ? null : NotStarted(Encoding.UTF8.GetString(command[0]), errno);
        }

        var exit = child.WaitForExitAsync();
        try
        {
            log.Debug("started {Command} as pid {Pid}{Group}", commandLine, child.Pid, ownGroup ? " in its own process group" : "");
            return await SuperviseAsync(child, exit, commandLine, rules, lockLost);
        }
        catch (Exception e)
        {
            // The caller leaves the lock once we return: whatever went wrong, the job must not
            // outlive our watch over it, or a second host could start it while it still runs.
            child.Signal(Posix.SigKill);
            try
            {
                await ReapAsync(child, exit);
            }
            catch (InvalidOperationException)
            {
                // waitpid failed (ECHILD): the job is no child of ours to reap any more.
            }

            var error = e.Message.Split('\n', 2)[0].TrimEnd();
            log.Error("internal error while [{Command}] ran: {Error}; killed its process group", commandLine, error);
            return new ChildOutcome.KilledOnError(error);
        }
        finally
        {
            if (capture is not null)
            {
                // Bounded: the reading ends shortly after the job was reaped (OutputPump).
                await capture.CompletedAsync();
                if (capture.Problem is { } problem)
                {
                    log.Warning("{Problem}", problem);
                }
            }
        }
    }

    private async Task<ChildOutcome> SuperviseAsync(ChildProcess child, Task<int> exit, string commandLine, StopRules rules, CancellationToken lockLost)
    {
        using var jobEnded = new CancellationTokenSource();
        var timeout = rules.TimeoutSeconds > 0
            ? LongDelay.DelayAsync(TimeSpan.FromSeconds(rules.TimeoutSeconds), clock, jobEnded.Token)
            : Task.Delay(Timeout.Infinite, jobEnded.Token);
        var lost = Task.Delay(Timeout.Infinite, lockLost);
        try
        {
            while (true)
            {
                var first = await Task.WhenAny(exit, timeout, lost);
                if (first == exit)
                {
                    return WaitStatus.Decode(await exit);
                }

                if (first == timeout)
                {
                    // Rethrows when the timer itself failed: that is no timeout.
                    await timeout;
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
        finally
        {
            await jobEnded.CancelAsync();
        }
    }

    /// <summary>Like timeout(1): the first signal to the job's group, then KILL if it is still there.</summary>
    private async Task StopAsync(ChildProcess child, Task<int> exit, int signal, int killAfterSeconds)
    {
        child.Signal(signal);
        if (signal != Posix.SigKill)
        {
            using var exited = new CancellationTokenSource();
            var killAfter = LongDelay.DelayAsync(TimeSpan.FromSeconds(killAfterSeconds), clock, exited.Token);
            var first = await Task.WhenAny(exit, killAfter);
            await exited.CancelAsync();
            if (first != exit)
            {
                await killAfter;
                child.Signal(Posix.SigKill);
            }
        }

        await ReapAsync(child, exit);
    }

    /// <summary>Waits for the leader to be reaped, then kills what is left of its group (no orphans).</summary>
    private static async Task ReapAsync(ChildProcess child, Task<int> exit)
    {
        try
        {
            await exit;
        }
        finally
        {
            if (child.OwnGroup)
            {
                child.Signal(Posix.SigKill);
            }
        }
    }

    /// <summary>
    /// Run by hand at a terminal without a timeout, the job stays in our process group so it can
    /// read the terminal (a background group would be stopped by SIGTTIN) and gets ^C directly.
    /// </summary>
    private static bool IsInteractiveForeground() =>
        Posix.isatty(0) == 1 && Posix.tcgetpgrp(0) == Posix.getpgrp();

    private static ChildOutcome.NotStarted NotStarted(string program, int errno)
    {
        var reason = $"cannot run {program}: {Posix.ErrorText(errno)}";
        return errno is Posix.Enoent or Posix.Enotdir ? new ChildOutcome.NotFound(reason) : new ChildOutcome.NotExecutable(reason);
    }
}
