namespace CronLock.Core;

/// <summary>How <see cref="RedisLocker.ObtainAsync"/> retries while the lock is held elsewhere.</summary>
public abstract record RetryStrategy
{
    /// <summary>Try once (the default).</summary>
    public static RetryStrategy None { get; } = new NoRetry();

    /// <summary>Retry every <paramref name="interval"/> until <paramref name="deadline"/> has passed since the first try.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative time.</exception>
    public static RetryStrategy Linear(TimeSpan interval, TimeSpan deadline)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(deadline, TimeSpan.Zero);
        return new LinearRetry(interval, deadline);
    }

    /// <summary>Retry after <paramref name="initial"/>, doubling up to <paramref name="max"/>, until <paramref name="deadline"/>; each wait is jittered ±20%.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative time.</exception>
    public static RetryStrategy Exponential(TimeSpan initial, TimeSpan max, TimeSpan deadline)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(deadline, TimeSpan.Zero);
        return new ExponentialRetry(initial, max, deadline);
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based), or null to give up.</summary>
    internal abstract TimeSpan? NextDelay(int retry, TimeSpan elapsed, Random random);

    private sealed record NoRetry : RetryStrategy
    {
        internal override TimeSpan? NextDelay(int retry, TimeSpan elapsed, Random random) => null;
    }

    private sealed record LinearRetry(TimeSpan Interval, TimeSpan Deadline) : RetryStrategy
    {
        internal override TimeSpan? NextDelay(int retry, TimeSpan elapsed, Random random) =>
            Interval > Deadline - elapsed ? null : Interval;
    }

    private sealed record ExponentialRetry(TimeSpan Initial, TimeSpan Max, TimeSpan Deadline) : RetryStrategy
    {
        internal override TimeSpan? NextDelay(int retry, TimeSpan elapsed, Random random)
        {
            var doubled = Initial.Ticks * Math.Pow(2, Math.Min(retry - 1, 30));
            var delay = TimeSpan.FromTicks((long)(Math.Min(doubled, Max.Ticks) * (0.8 + (random.NextDouble() * 0.4))));
            var left = Deadline - elapsed;
            return left <= TimeSpan.Zero ? null : delay < left ? delay : left;
        }
    }
}
