using CronLock.Core;

namespace CronLock.IntegrationTests.Library;

/// <summary>
/// redislock's <c>Refresh</c>, <c>Release</c> and <c>TTL</c> on a handle: each acts only while the lock is still this
/// holder's. "Another holder took over" is made the way it happens in production: the key vanishes (expired, or
/// deleted by an operator) and another instance, on its own connection, obtains it.
/// </summary>
public sealed class RefreshReleaseAndTtlTests(RedisFixture redis)
{
    [Fact]
    public async Task Refresh_WhileOurs_ReturnsTrueAndExtendsTheLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(5), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        var before = UnixTime.Floor;
        Assert.True(await handle.RefreshAsync(TimeSpan.FromSeconds(30), cancellationToken), "Refreshing our own lock failed.");

        await LockAssertions.AssertLockAsync(redis.Database(), key, before + 31, UnixTime.Ceiling + 31,
            maxTtl: TimeSpan.FromSeconds(31), minTtl: TimeSpan.FromSeconds(25));
        Assert.Equal(TimeSpan.FromSeconds(30), handle.Ttl);
        Assert.True(await handle.RefreshAsync(TimeSpan.FromSeconds(20), cancellationToken), "A second refresh failed.");
        var ttl = await redis.Database().KeyTimeToLiveAsync(key);
        Assert.True(ttl <= TimeSpan.FromSeconds(21) && ttl > TimeSpan.FromSeconds(15), $"Refresh sets the TTL from now (20 s); it is {ttl}.");
    }

    [Fact]
    public async Task Refresh_AfterAnotherHolderTookOver_ReturnsFalseAndLeavesTheirLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var ours = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var theirs = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var db = redis.Database();
        await using var handle = await new RedisLocker(ours).ObtainAsync(key, TimeSpan.FromSeconds(5), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        await db.KeyDeleteAsync(key);
        await using var other = await new RedisLocker(theirs).ObtainAsync(key, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        Assert.NotNull(other);
        var value = (string?)await db.StringGetAsync(key);

        Assert.False(await handle.RefreshAsync(TimeSpan.FromSeconds(300), cancellationToken), "Refresh succeeded on a lock another holder has.");

        Assert.Equal(value, (string?)await db.StringGetAsync(key));
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.True(ttl <= TimeSpan.FromSeconds(60) && ttl > TimeSpan.FromSeconds(50), $"The other holder's TTL became {ttl}.");
        Assert.Equal(other.HolderId, (await new RedisLocker(theirs).GetHolderAsync(key, cancellationToken))?.HolderId);
    }

    [Fact]
    public async Task Refresh_AfterTheLockExpired_ReturnsFalseAndDoesNotRecreateIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(1), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        await Poll.UntilAsync(async () => !await redis.Database().KeyExistsAsync(key), TimeSpan.FromSeconds(4), "the 1 s lock to expire", cancellationToken);

        Assert.False(await handle.RefreshAsync(TimeSpan.FromSeconds(30), cancellationToken), "Refresh succeeded on an expired lock.");
        await LockAssertions.AssertAbsentAsync(redis.Database(), key, "a refresh of an expired lock must not take it again");
    }

    [Fact]
    public async Task Release_WhileOurs_ReturnsTrueAndFreesTheLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var locker = new RedisLocker(connection);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        await using var handle = await locker.ObtainAsync(key, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        Assert.True(await handle.ReleaseAsync(cancellationToken), "Releasing our own lock failed.");

        await LockAssertions.AssertAbsentAsync(redis.Database(), key, "a released lock is free");
        Assert.Null(await locker.GetHolderAsync(key, cancellationToken));
        Assert.False(await handle.ReleaseAsync(cancellationToken), "A second release reported that it released something.");
        await using var next = await locker.ObtainAsync(key, TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Release_AfterAnotherHolderTookOver_ReturnsFalseAndNeverTouchesTheirLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var ours = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var theirs = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var db = redis.Database();
        var handle = await new RedisLocker(ours).ObtainAsync(key, TimeSpan.FromSeconds(5), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        await db.KeyDeleteAsync(key);
        await using var other = await new RedisLocker(theirs).ObtainAsync(key, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        Assert.NotNull(other);
        var value = (string?)await db.StringGetAsync(key);

        Assert.False(await handle.ReleaseAsync(cancellationToken), "Release reported success on a lock another holder has.");
        await handle.DisposeAsync();

        Assert.Equal(value, (string?)await db.StringGetAsync(key));
        Assert.True(await db.KeyTimeToLiveAsync(key) > TimeSpan.FromSeconds(50), "The other holder's TTL changed.");
        Assert.Equal(other.HolderId, (await new RedisLocker(theirs).GetHolderAsync(key, cancellationToken))?.HolderId);
        Assert.NotNull(await other.GetTtlAsync(cancellationToken));
        Assert.True(await other.ReleaseAsync(cancellationToken), "The new holder could not release its lock.");
        await LockAssertions.AssertAbsentAsync(db, key, "the new holder released it");
    }

    [Fact]
    public async Task Dispose_OfAHandle_ReleasesTheLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();

        await using (var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken))
        {
            Assert.NotNull(handle);
            Assert.True(await redis.Database().KeyExistsAsync(key));
        }

        await LockAssertions.AssertAbsentAsync(redis.Database(), key, "disposing the handle releases the lock");
    }

    [Fact]
    public async Task GetTtl_WhileOurs_ReportsTheRemainingTimeAndNullOnceReleased()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var locker = new RedisLocker(connection);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        await using var handle = await locker.ObtainAsync(key, TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        var ours = await handle.GetTtlAsync(cancellationToken);
        var any = await locker.GetTtlAsync(key, cancellationToken);

        Assert.True(ours is { } o && o <= TimeSpan.FromSeconds(10) && o >= TimeSpan.FromSeconds(8), $"handle.GetTtlAsync of a 10 s lock gave {ours}.");
        Assert.True(any is { } a && a <= TimeSpan.FromSeconds(10) && a >= TimeSpan.FromSeconds(8), $"locker.GetTtlAsync of a 10 s lock gave {any}.");

        Assert.True(await handle.ReleaseAsync(cancellationToken));
        Assert.Null(await handle.GetTtlAsync(cancellationToken));
        Assert.Null(await locker.GetTtlAsync(key, cancellationToken));
    }

    [Fact]
    public async Task GetTtl_AfterAnotherHolderTookOver_IsNullForUsButTheLockersTtlSeesTheirs()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var ours = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var theirs = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        await using var handle = await new RedisLocker(ours).ObtainAsync(key, TimeSpan.FromSeconds(5), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        await redis.Database().KeyDeleteAsync(key);
        await using var other = await new RedisLocker(theirs).ObtainAsync(key, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        Assert.NotNull(other);

        Assert.Null(await handle.GetTtlAsync(cancellationToken));
        var any = await new RedisLocker(ours).GetTtlAsync(key, cancellationToken);
        Assert.True(any > TimeSpan.FromSeconds(50), $"locker.GetTtlAsync should report the new holder's 60 s lock, gave {any}.");
    }
}
