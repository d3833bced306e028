namespace CronLock.Core.Locking;

/// <summary>What a write for an owned lock (leave or renew) found.</summary>
internal abstract record LeaveResult
{
    /// <summary>The lock is ours and lasts this many more seconds.</summary>
    public sealed record Kept(long Seconds) : LeaveResult;

    /// <summary>The lock was deleted (GRACE had passed, no job ran) or RELEASE was reached.</summary>
    public sealed record Ended : LeaveResult;

    /// <summary>The lock is no longer this run's: another holder's lock, left alone.</summary>
    /// <param name="Detail">Why, when more is known than "another holder" (Redlock: too few masters hold it).</param>
    public sealed record NotOurs(string? Detail = null) : LeaveResult;

    /// <summary>Redis could not be reached.</summary>
    public sealed record Failed(string Error) : LeaveResult;
}
