namespace CronLock.Modes;

/// <summary>What a real run would come to, as --dry-run read it: its exit code follows in <see cref="RunOutcome"/>.</summary>
internal enum DryRunVerdict
{
    /// <summary>The lock is free or stale: a run would take it and run the job.</summary>
    Run,

    /// <summary>The lock is held (by a CronLock run or a foreign tool): a run would exit 200 and run nothing.</summary>
    Held,

    /// <summary>Every place of a limit (CRONLOCK_LIMIT) is taken: a run would exit 200 and run nothing.</summary>
    OverLimit,

    /// <summary>The key is not a lock: a run would fail with an error and run nothing.</summary>
    Error,
}
