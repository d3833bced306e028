namespace CronLock.Options;

/// <summary>What to do with a running job whose lease was lost (another host may now run it).</summary>
internal enum LostLockPolicy
{
    /// <summary>Stop the job: TERM to its process group, KILL after CRONLOCK_KILL_AFTER; exit 203.</summary>
    Kill,

    /// <summary>Log it and let the job finish.</summary>
    Warn,
}
