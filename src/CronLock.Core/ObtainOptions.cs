namespace CronLock.Core;

/// <summary>Options of one <see cref="RedisLocker.ObtainAsync"/> call.</summary>
public sealed record ObtainOptions
{
    /// <summary>What to do while the lock is held elsewhere. Default: try once.</summary>
    public RetryStrategy Retry { get; init; } = RetryStrategy.None;

    /// <summary>What the holder is doing, shown by <c>cronlock --status</c> as the command.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Why the lock is taken, shown by <c>cronlock --status</c>.</summary>
    public string Reason { get; init; } = string.Empty;
}
