namespace CronLock.Core.Locking;

/// <summary>The lock as this run took it (Redis server time, unix seconds).</summary>
internal sealed record LockLease(long StartedAt, long ExpiresAt, long FencingToken);
