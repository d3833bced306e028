using CronLock.Core;

namespace CronLock.Tests;

/// <summary>A retry strategy's times: never negative, and any length without overflowing a TimeSpan.</summary>
public sealed class RetryStrategyTests
{
    [Fact]
    public void Linear_WithAnIntervalNearTheLargestTimeSpan_GivesUpInsteadOfOverflowing()
    {
        var retry = RetryStrategy.Linear(TimeSpan.MaxValue, TimeSpan.MaxValue);

        Assert.Null(retry.NextDelay(1, TimeSpan.FromSeconds(1), new Random(1)));
    }

    [Fact]
    public void Strategies_WithANegativeTime_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryStrategy.Linear(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryStrategy.Exponential(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1)));
    }
}
