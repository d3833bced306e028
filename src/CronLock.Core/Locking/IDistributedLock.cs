namespace CronLock.Core.Locking;

/// <summary>The operations on one lock, on one Redis (<see cref="RedisLock"/>) or on a quorum of them (<see cref="QuorumLock"/>).</summary>
internal interface IDistributedLock
{
    Task<AcquireResult> TryAcquireAsync(int ttlSeconds);

    Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds);

    /// <summary>
    /// The job ran: records the run and its exit code (and appends it to the history when given),
    /// and keeps the lock until start + GRACE + 1.
    /// </summary>
    Task<LeaveResult> KeepForGraceAsync(int graceSeconds, int exitCode, RunHistoryEntry? history = null);

    /// <summary>No job ran (--unlock, a signal before the job started, a token that could not be printed): deletes the lock now.</summary>
    Task<LeaveResult> ReleaseAsync();

    /// <summary>The lock was taken but may not be used (too few replicas confirmed it): deletes it now, as a release.</summary>
    Task<LeaveResult> GiveBackAsync();

    /// <summary>Deletes the lock whoever holds it (CRONLOCK_RESET), unless the key is no lock.</summary>
    Task<ResetResult> ResetAsync();

    Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout);
}
