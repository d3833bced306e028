namespace CronLock.Core.Locking;

/// <summary>The operations on one lock, on one Redis (<see cref="RedisLock"/>) or on a quorum of them (<see cref="QuorumLock"/>).</summary>
internal interface IDistributedLock
{
    Task<AcquireResult> TryAcquireAsync(int ttlSeconds);

    Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds);

    Task<LeaveResult> LeaveAsync(int graceSeconds, int? exitCode);

    /// <returns>Null when done, else the error.</returns>
    Task<string?> ResetAsync();

    Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout);
}
