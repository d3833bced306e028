using CronLock.Core;

namespace CronLock.IntegrationTests.Library;

/// <summary>
/// <c>RedisLocker.ObtainAsync</c>, redislock's <c>Obtain</c>: a free key is taken (with golock's value and a TTL),
/// a held one is not, and who holds it can be read back.
/// </summary>
public sealed class ObtainTests(RedisFixture redis)
{
    [Fact]
    public async Task Obtain_WhenFree_ReturnsAHandleAndWritesGolocksValueWithTheTtl()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();

        var before = UnixTime.Floor;
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);

        Assert.NotNull(handle);
        Assert.Equal(key, handle.Key);
        Assert.False(string.IsNullOrWhiteSpace(handle.HolderId), "A handle needs a holder id.");
        Assert.True(handle.FencingToken > 0, $"Fencing token {handle.FencingToken} should be positive.");
        Assert.Equal(TimeSpan.FromSeconds(10), handle.Ttl);
        Assert.InRange(handle.Started.ToUnixTimeSeconds(), before - 1, UnixTime.Ceiling + 1);
        // The same lock the CLI, golock and bash cronlock take: the key holds its expiry second, with a TTL.
        await LockAssertions.AssertLockAsync(redis.Database(), key, before + 11, UnixTime.Ceiling + 11,
            maxTtl: TimeSpan.FromSeconds(10), minTtl: TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Obtain_WhenHeldElsewhere_ReturnsNullAtOnceAndLeavesTheHolder()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var first = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var second = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        await using var holder = await new RedisLocker(first).ObtainAsync(key, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        Assert.NotNull(holder);
        var value = (string?)await redis.Database().StringGetAsync(key);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var other = await new RedisLocker(second).ObtainAsync(key, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);

        Assert.Null(other);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"With no retry strategy a held lock should be refused at once, took {clock.Elapsed}.");
        Assert.Equal(value, (string?)await redis.Database().StringGetAsync(key));
        Assert.Equal(holder.HolderId, (await new RedisLocker(second).GetHolderAsync(key, cancellationToken))?.HolderId);
        // Same process, same connection: still refused; a lock is per holder, not per process.
        Assert.Null(await new RedisLocker(first).ObtainAsync(key, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken));
    }

    [Fact]
    public async Task Obtain_WithAFractionalTtl_RoundsUpToWholeSeconds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();

        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromMilliseconds(1200), cancellationToken: cancellationToken);

        Assert.NotNull(handle);
        var ttl = await redis.Database().KeyTimeToLiveAsync(key);
        Assert.True(ttl > TimeSpan.FromSeconds(1.2) && ttl <= TimeSpan.FromSeconds(2), $"1.2 s should become a 2 s lock; TTL is {ttl}.");
    }

    [Fact]
    public async Task Obtain_WithANonPositiveTtl_Throws()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new RedisLocker(connection).ObtainAsync(key, TimeSpan.Zero, cancellationToken: cancellationToken));
        Assert.False(await redis.Database().KeyExistsAsync(key), "A refused TTL took a lock.");
    }

    [Fact]
    public async Task GetHolder_OfALibraryLock_ReturnsItsMetadata()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var reader = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var options = new ObtainOptions { Description = "nightly report", Reason = "quarter close" };

        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(30), options, cancellationToken);
        Assert.NotNull(handle);
        var holder = await new RedisLocker(reader).GetHolderAsync(key, cancellationToken);

        Assert.NotNull(holder);
        Assert.Equal(handle.HolderId, holder.HolderId);
        Assert.Equal(Environment.MachineName, holder.Host);
        Assert.Equal(Environment.ProcessId, holder.Pid);
        Assert.Equal("nightly report", holder.Description);
        Assert.Equal("quarter close", holder.Reason);
        Assert.Equal(handle.FencingToken, holder.FencingToken);
        Assert.Equal(handle.Started, holder.Started);
    }

    [Fact]
    public async Task GetHolder_OfAFreeKey_ReturnsNull()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);

        Assert.Null(await new RedisLocker(connection).GetHolderAsync(ExpectedKey.DefaultPrefix + TestNames.Key(), cancellationToken));
    }
}
