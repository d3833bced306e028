namespace CronLock.Locking;

/// <summary>What this run wrote when it took the lock, and when (Redis server time, unix seconds).</summary>
internal sealed record LockLease(string Key, long StartedAt, long ExpiresAt)
{
    /// <summary>The value stored under the key: golock's format, the decimal expiry second.</summary>
    public string Value => ExpiresAt.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
