namespace CronLock.Locking;

/// <summary>How the lock was left after the job.</summary>
internal abstract record LeaveResult
{
    /// <summary>Kept for this many more seconds (until start + GRACE + 1).</summary>
    public sealed record KeptForGrace(long Seconds) : LeaveResult;

    /// <summary>GRACE had already passed: the key was deleted.</summary>
    public sealed record Deleted : LeaveResult;

    /// <summary>The key no longer held this run's value: another holder's lock, left alone.</summary>
    public sealed record NotOurs : LeaveResult;

    /// <summary>Redis could not be reached; the lock expires at RELEASE.</summary>
    public sealed record Failed(string Error) : LeaveResult;
}
