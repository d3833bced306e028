namespace CronLock.Core.Locking;

/// <summary>The answer to "may this run go ahead?".</summary>
internal abstract record AcquireResult
{
    /// <summary>The lock is ours; <paramref name="TookOverStale"/> when a stale key was replaced.</summary>
    /// <param name="Lease">When it was taken, until when, and its fencing token.</param>
    /// <param name="TookOverStale">A stale key was replaced.</param>
    /// <param name="Slot">The schedule slot (unix seconds) the run holds it for; null without a slot rule.</param>
    public sealed record Acquired(LockLease Lease, bool TookOverStale, long? Slot = null) : AcquireResult;

    /// <summary>Another run holds it.</summary>
    /// <param name="HeldUntil">The unix second the lock ends at most; null when unknown, or the key is not a time.</param>
    /// <param name="ServerNow">The Redis server's clock when it answered.</param>
    /// <param name="NotATime">The key holds something no locking tool wrote (a word): nothing but its TTL, if any, ever frees it.</param>
    public sealed record HeldElsewhere(long? HeldUntil, long ServerNow, bool NotATime = false) : AcquireResult;

    /// <summary>The schedule slot nearest Redis's clock has already been run: by <paramref name="RanBy"/>.</summary>
    public sealed record SlotAlreadyRan(long Slot, SlotRunner RanBy, long ServerNow) : AcquireResult;

    /// <summary>An earlier slot's run still holds the lock (its job is still going): this slot is skipped, and recorded so.</summary>
    public sealed record Overrun(long Slot, SlotRunner Holder, long ServerNow) : AcquireResult;

    /// <summary>The job (or everything under the prefix) is paused (--pause): nothing may run.</summary>
    public sealed record Paused(PauseRecord Pause) : AcquireResult;

    /// <summary>Redis could not be asked.</summary>
    public sealed record Failed(string Error) : AcquireResult;
}
