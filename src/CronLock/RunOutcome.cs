using CronLock.Inspection;
using CronLock.Modes;
using CronLock.Options;
using CronLock.Reporting;
using CronLock.Running;

namespace CronLock;

/// <summary>How a run of cronlock ended, before it becomes an exit code.</summary>
internal abstract record RunOutcome
{
    /// <summary>The job ran (or could not start) and this is what became of it.</summary>
    public sealed record JobFinished(ChildOutcome Child) : RunOutcome;

    /// <summary>The lock is held elsewhere: nothing was run.</summary>
    /// <param name="HeldUntil">When the holder's lock ends at the latest (server's unix seconds, from the acquire's reply); null when unknown.</param>
    public sealed record NotAcquired(long? HeldUntil = null) : RunOutcome;

    /// <summary>A slot rule's slot was skipped: an earlier slot's run still holds the lock. Nothing was run.</summary>
    public sealed record Overrun : RunOutcome;

    /// <summary>The job (or everything under the prefix) is paused: nothing was run.</summary>
    public sealed record Paused : RunOutcome;

    /// <summary>--pause or --resume did what it was asked.</summary>
    public sealed record PauseSwitched : RunOutcome;

    /// <summary>CRONLOCK_RESET: the lock was deleted, nothing was run.</summary>
    public sealed record ResetDone : RunOutcome;

    /// <summary>CronLock itself failed; the job was not started.</summary>
    public sealed record Failed(string Error) : RunOutcome;

    /// <summary>--status printed the lock's state: free, or held (by CronLock or a foreign tool).</summary>
    public sealed record StatusShown(bool Held) : RunOutcome;

    /// <summary>--list printed every lock under the prefix.</summary>
    public sealed record Listed : RunOutcome;

    /// <summary>--acquire took the lock; the token was printed.</summary>
    public sealed record LockTaken : RunOutcome;

    /// <summary>--unlock gave the lock back.</summary>
    public sealed record Unlocked : RunOutcome;

    /// <summary>--unlock: the token does not hold the lock.</summary>
    public sealed record WrongToken : RunOutcome;

    /// <summary>--dry-run said what a run would do; its code is the one that run would have had.</summary>
    public sealed record DryRunShown(DryRunVerdict Verdict) : RunOutcome;

    /// <summary>A signal stopped cronlock before the job started.</summary>
    public sealed record Interrupted(int Signal) : RunOutcome;

    /// <summary>The one mapping from outcomes to golock's exit codes.</summary>
    public int ExitCode => this switch
    {
        JobFinished { Child: ChildOutcome.Exited exited } => exited.Code,
        JobFinished { Child: ChildOutcome.Signaled signaled } => ExitCodes.ForSignal(signaled.Signal),
        JobFinished { Child: ChildOutcome.TimedOut } => ExitCodes.Timeout,
        JobFinished { Child: ChildOutcome.StoppedOnLockLoss } => ExitCodes.LockLost,
        JobFinished { Child: ChildOutcome.KilledOnError } => ExitCodes.Error,
        JobFinished { Child: ChildOutcome.NotFound } => ExitCodes.NotFound,
        JobFinished { Child: ChildOutcome.NotExecutable } => ExitCodes.NotExecutable,
        NotAcquired or ResetDone or Paused => ExitCodes.NotAcquired,
        Overrun => ExitCodes.Overrun,
        LockTaken or Unlocked or PauseSwitched => ExitCodes.Success,
        WrongToken => ExitCodes.WrongToken,
        Interrupted interrupted => ExitCodes.ForSignal(interrupted.Signal),
        StatusShown { Held: true } => ExitCodes.StatusHeld,
        StatusShown => ExitCodes.StatusFree,
        Listed => ExitCodes.Success,
        DryRunShown { Verdict: DryRunVerdict.Run } => ExitCodes.Success,
        DryRunShown { Verdict: DryRunVerdict.Held or DryRunVerdict.SlotAlreadyRan or DryRunVerdict.Paused or DryRunVerdict.OverLimit } => ExitCodes.NotAcquired,
        DryRunShown { Verdict: DryRunVerdict.Overrun } => ExitCodes.Overrun,
        DryRunShown { Verdict: DryRunVerdict.Error } => ExitCodes.Error,
        _ => ExitCodes.Error,
    };

    /// <summary>
    /// What this outcome is as a run for the reporting sinks; null for what is no run of the job
    /// (status, list, reset, split mode, dry run, a signal before the job started).
    /// </summary>
    public RunKind? Kind => this switch
    {
        JobFinished { Child: ChildOutcome.TimedOut } => RunKind.Timeout,
        JobFinished { Child: ChildOutcome.StoppedOnLockLoss } => RunKind.Lost,
        JobFinished { Child: ChildOutcome.KilledOnError or ChildOutcome.NotStarted } => RunKind.Error,
        JobFinished => RunKind.Ran,
        NotAcquired or Overrun => RunKind.Held,
        Failed => RunKind.Error,
        _ => null,
    };

    /// <summary>The one-line reason a run did not simply run its job to its end; null when it did.</summary>
    public string? Reason => this switch
    {
        JobFinished { Child: ChildOutcome.TimedOut timedOut } => $"killed after {timedOut.Seconds}s (CRONLOCK_TIMEOUT)",
        JobFinished { Child: ChildOutcome.StoppedOnLockLoss } => "the lock was lost while the job ran; the job was stopped (CRONLOCK_ON_LOST=kill)",
        JobFinished { Child: ChildOutcome.KilledOnError error } => error.Error,
        JobFinished { Child: ChildOutcome.NotStarted notStarted } => notStarted.Reason,
        NotAcquired { HeldUntil: { } until } => $"the lock is held elsewhere until {StatusText.Time(DateTimeOffset.FromUnixTimeSeconds(until))} at the latest",
        NotAcquired => "the lock is held elsewhere",
        Overrun => "overrun: the previous slot's run still holds the lock, so this slot is skipped (exit 205)",
        Failed failed => failed.Error,
        _ => null,
    };

    /// <summary>
    /// This outcome as the run record every sink reports (and the history keeps); null for what is
    /// no run of the job (see <see cref="Kind"/>).
    /// </summary>
    /// <param name="fencingToken">The token the run held; null when it took no lock.</param>
    /// <param name="started">When the lock was taken, or cronlock started when it took none.</param>
    public RunRecord? Record(CronLockOptions options, long? fencingToken, DateTimeOffset started, DateTimeOffset ended, byte[]? outputTail) =>
        Kind is { } kind
            ? new(options.LockKey, Environment.MachineName, Environment.ProcessId, options.CommandLine, fencingToken, started, ended, ExitCode, kind, Reason, outputTail)
            : null;
}
