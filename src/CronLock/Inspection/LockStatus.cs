namespace CronLock.Inspection;

/// <summary>What <c>--status</c> and <c>--list</c> report about one lock.</summary>
internal sealed record LockStatus
{
    /// <summary>The lock key.</summary>
    public required string Key { get; init; }

    /// <summary><c>free</c>, <c>held</c> (by a CronLock run) or <c>foreign</c> (golock, bash cronlock, anything else).</summary>
    public required string State { get; init; }

    /// <summary>When the lock ends at most (the key's value), when it is a time.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Seconds until Redis drops the key; -1 when it has no TTL.</summary>
    public long? TtlSeconds { get; init; }

    public LockHolder? Holder { get; init; }

    public LastRun? LastRun { get; init; }

    /// <summary>The last fencing token handed out for this lock.</summary>
    public long? FencingToken { get; init; }
}
