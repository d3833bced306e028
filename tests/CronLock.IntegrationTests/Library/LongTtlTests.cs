using CronLock.Core;

namespace CronLock.IntegrationTests.Library;

/// <summary>
/// Locks whose time to live is past what one .NET timer waits (about 49.7 days): renewal waits a third of the TTL,
/// so from ~149 days on that wait alone used to throw, and release then threw it back at the caller.
/// </summary>
public sealed class LongTtlTests(RedisFixture redis)
{
    [Fact]
    public async Task Renewal_OfALockWithA200DayTtl_KeepsItUntilReleased()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var db = redis.Database();
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromDays(200), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        var lost = handle.StartRenewal();

        Assert.False(lost.IsCancellationRequested, "Renewal reported a 200-day lock lost at once.");
        Assert.True(await db.KeyTimeToLiveAsync(key) > TimeSpan.FromDays(199), "The lock does not live its 200 days.");
        Assert.True(await handle.ReleaseAsync(cancellationToken), "The renewed lock could not be released.");
        await LockAssertions.AssertAbsentAsync(db, key, "release stops renewal and frees the lock");
    }

    [Fact]
    public async Task Renewal_AfterRefreshingToTheLongestTtl_KeepsTheLockUntilReleased()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var db = redis.Database();
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        Assert.NotNull(handle);
        Assert.True(await handle.RefreshAsync(TimeSpan.MaxValue, cancellationToken), "The lock could not be refreshed.");

        var lost = handle.StartRenewal();

        Assert.False(lost.IsCancellationRequested, "Renewal reported the refreshed lock lost at once.");
        Assert.True(await db.KeyTimeToLiveAsync(key) > TimeSpan.FromDays(3650), "The refresh did not extend the lock.");
        Assert.True(await handle.ReleaseAsync(cancellationToken), "The renewed lock could not be released.");
        await LockAssertions.AssertAbsentAsync(db, key, "release stops renewal and frees the lock");
    }
}
