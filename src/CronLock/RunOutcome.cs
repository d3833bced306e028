using CronLock.Modes;
using CronLock.Running;

namespace CronLock;

/// <summary>How a run of cronlock ended, before it becomes an exit code.</summary>
internal abstract record RunOutcome
{
    /// <summary>The job ran (or could not start) and this is what became of it.</summary>
    public sealed record JobFinished(ChildOutcome Child) : RunOutcome;

    /// <summary>The lock is held elsewhere: nothing was run.</summary>
    public sealed record NotAcquired : RunOutcome;

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
        NotAcquired or ResetDone => ExitCodes.NotAcquired,
        LockTaken or Unlocked => ExitCodes.Success,
        WrongToken => ExitCodes.WrongToken,
        Interrupted interrupted => ExitCodes.ForSignal(interrupted.Signal),
        StatusShown { Held: true } => ExitCodes.StatusHeld,
        StatusShown => ExitCodes.StatusFree,
        Listed => ExitCodes.Success,
        DryRunShown { Verdict: DryRunVerdict.Run } => ExitCodes.Success,
        DryRunShown { Verdict: DryRunVerdict.Held } => ExitCodes.NotAcquired,
        DryRunShown { Verdict: DryRunVerdict.OverLimit } => ExitCodes.NotAcquired,
        DryRunShown { Verdict: DryRunVerdict.Error } => ExitCodes.Error,
        _ => ExitCodes.Error,
    };
}
