namespace CronLock.Running;

/// <summary>What became of the job.</summary>
internal abstract record ChildOutcome
{
    /// <summary>The job exited on its own with this code.</summary>
    public sealed record Exited(int Code) : ChildOutcome;

    /// <summary>The job was killed by this signal (not by our timeout).</summary>
    public sealed record Signaled(int Signal) : ChildOutcome;

    /// <summary>The job ran past the timeout and its process group was killed.</summary>
    public sealed record TimedOut(int Seconds) : ChildOutcome;

    /// <summary>The lock was lost while the job ran and the job was stopped (CRONLOCK_ON_LOST=kill).</summary>
    public sealed record StoppedOnLockLoss : ChildOutcome;

    /// <summary>
    /// CronLock failed while the job ran (a bug), so it killed the job's process group and reaped
    /// it before leaving the lock: the job never runs on unwatched, without its lock.
    /// </summary>
    public sealed record KilledOnError(string Error) : ChildOutcome;

    /// <summary>The job could not be started (the errno of its exec, in words).</summary>
    public abstract record NotStarted(string Reason) : ChildOutcome;

    /// <summary>The program is not there: not on PATH, or a path through something that is no directory.</summary>
    public sealed record NotFound(string Reason) : NotStarted(Reason);

    /// <summary>The program is there but cannot be executed (no permission, not an executable format…).</summary>
    public sealed record NotExecutable(string Reason) : NotStarted(Reason);
}
