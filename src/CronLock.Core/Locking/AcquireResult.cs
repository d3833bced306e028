namespace CronLock.Core.Locking;

/// <summary>The answer to "may this run go ahead?".</summary>
internal abstract record AcquireResult
{
    /// <summary>The lock is ours; <paramref name="TookOverStale"/> when a stale key was replaced.</summary>
    public sealed record Acquired(LockLease Lease, bool TookOverStale) : AcquireResult;

    /// <summary>Another run holds it until this unix second (null: the key is not a time).</summary>
    public sealed record HeldElsewhere(long? HeldUntil, long ServerNow) : AcquireResult;

    /// <summary>Redis could not be asked.</summary>
    public sealed record Failed(string Error) : AcquireResult;
}
