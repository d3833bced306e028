using System.Diagnostics;
using CronLock.Core;

namespace CronLock.IntegrationTests.Library;

/// <summary>
/// Retry strategies, redislock's <c>LinearBackoff</c> / <c>ExponentialBackoff</c> with a deadline: a waiter gets the
/// lock once its holder releases within the deadline, and gives up (null) once the deadline passed.
/// </summary>
public sealed class RetryTests(RedisFixture redis)
{
    public static TheoryData<string> Strategies => ["linear", "exponential"];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Obtain_WithRetry_GetsTheLockWhenTheHolderReleasesWithinTheDeadline(string strategy)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var holderConnection = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var waiterConnection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key(strategy);
        await using var holder = await new RedisLocker(holderConnection).ObtainAsync(key, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        Assert.NotNull(holder);

        var clock = Stopwatch.StartNew();
        var waiter = new RedisLocker(waiterConnection).ObtainAsync(key, TimeSpan.FromSeconds(30),
            new ObtainOptions { Retry = Retry(strategy, deadline: TimeSpan.FromSeconds(8)) }, cancellationToken);

        // Not a sync point: only lets the waiter be refused a few times; it must neither win nor give up meanwhile.
        await Task.Delay(TimeSpan.FromMilliseconds(700), cancellationToken);
        if (waiter.IsCompleted)
        {
            Assert.Fail($"The {strategy} waiter finished while the lock was held: {((await waiter) is { } won ? "obtained it as " + won.HolderId : "gave up")}.");
        }

        Assert.True(await holder.ReleaseAsync(cancellationToken), "The holder could not release its own lock.");

        await using var handle = await waiter;
        Assert.NotNull(handle);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The {strategy} waiter took {clock.Elapsed} although the lock was free after ~0.7 s.");
        Assert.NotEqual(holder.HolderId, handle.HolderId);
        Assert.True(handle.FencingToken > holder.FencingToken, $"Token {handle.FencingToken} should exceed the previous holder's {holder.FencingToken}.");
        Assert.Equal(handle.HolderId, (await new RedisLocker(holderConnection).GetHolderAsync(key, cancellationToken))?.HolderId);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Obtain_WithRetry_GivesUpOnceTheDeadlinePassed(string strategy)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var holderConnection = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var waiterConnection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key(strategy);
        await using var holder = await new RedisLocker(holderConnection).ObtainAsync(key, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        Assert.NotNull(holder);
        var deadline = TimeSpan.FromSeconds(1.5);

        var clock = Stopwatch.StartNew();
        var handle = await new RedisLocker(waiterConnection).ObtainAsync(key, TimeSpan.FromSeconds(30),
            new ObtainOptions { Retry = Retry(strategy, deadline) }, cancellationToken);

        Assert.Null(handle);
        // It kept trying for (about) the deadline, no shorter than one interval before it, and stopped soon after.
        Assert.True(clock.Elapsed >= deadline - TimeSpan.FromMilliseconds(450), $"The {strategy} waiter gave up after {clock.Elapsed}, before its {deadline} deadline.");
        Assert.True(clock.Elapsed < deadline + TimeSpan.FromSeconds(2), $"The {strategy} waiter gave up only after {clock.Elapsed}, long past its {deadline} deadline.");
        Assert.Equal(holder.HolderId, (await new RedisLocker(waiterConnection).GetHolderAsync(key, cancellationToken))?.HolderId);
    }

    [Fact]
    public async Task Obtain_WithRetry_WhenTheLockIsFree_TakesItAtOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();

        var clock = Stopwatch.StartNew();
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(10),
            new ObtainOptions { Retry = RetryStrategy.Linear(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)) }, cancellationToken);

        Assert.NotNull(handle);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"A free lock took {clock.Elapsed} to obtain.");
    }

    /// <summary>One row of <see cref="Strategies"/>: polls every 100 ms, or from 50 ms doubling up to 400 ms.</summary>
    private static RetryStrategy Retry(string strategy, TimeSpan deadline) => strategy == "linear"
        ? RetryStrategy.Linear(TimeSpan.FromMilliseconds(100), deadline)
        : RetryStrategy.Exponential(TimeSpan.FromMilliseconds(50), max: TimeSpan.FromMilliseconds(400), deadline);
}
