namespace CronLock.Modes;

/// <summary>What a real run would come to, as --dry-run read it: its exit code follows in <see cref="RunOutcome"/>.</summary>
internal enum DryRunVerdict
{
    /// <summary>The lock is free or stale: a run would take it and run the job.</summary>
    Run,

    /// <summary>The lock is held (by a CronLock run or a foreign tool): a run would exit 200 and run nothing.</summary>
    Held,

    /// <summary>With a slot rule: the slot nearest Redis's clock already ran, a run would exit 200 and run nothing.</summary>
    SlotAlreadyRan,

    /// <summary>With a slot rule: an earlier slot's run still holds the lock, a run would skip this slot with exit 205.</summary>
    Overrun,

    /// <summary>Every place of a limit (CRONLOCK_LIMIT) is taken: a run would exit 200 and run nothing.</summary>
    OverLimit,

    /// <summary>The key is not a lock: a run would fail with an error and run nothing.</summary>
    Error,

    /// <summary>The job (or everything under the prefix) is paused: a run would exit 200 and run nothing.</summary>
    Paused,
}
