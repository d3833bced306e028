using System.Diagnostics;
using CronLock.Core;

namespace CronLock.IntegrationTests.Library;

/// <summary>
/// <c>StartRenewal</c>, the watchdog redislock leaves to its users: the lock is refreshed every third of its TTL
/// while the work runs, and the returned token is cancelled as soon as the lock turns out to be lost.
/// </summary>
public sealed class RenewalTests(RedisFixture redis)
{
    [Fact]
    public async Task Renewal_KeepsAThreeSecondLockAlivePastSixSeconds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var other = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var db = redis.Database();
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(3), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        var lost = handle.StartRenewal();
        var clock = Stopwatch.StartNew();
        // Sample the lock for 7 s, over twice its TTL: it must never lapse, and never be reported lost.
        while (clock.Elapsed < TimeSpan.FromSeconds(7))
        {
            var ttl = await db.KeyTimeToLiveAsync(key);
            Assert.True(ttl is { } t && t > TimeSpan.Zero && t <= TimeSpan.FromSeconds(4),
                $"At {clock.Elapsed.TotalSeconds:0.0} s the renewed lock's TTL is {ttl?.ToString() ?? "gone"}; expected 0 < TTL <= 4 s.");
            Assert.False(lost.IsCancellationRequested, $"Renewal reported the lock lost at {clock.Elapsed.TotalSeconds:0.0} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        Assert.Null(await new RedisLocker(other).ObtainAsync(key, TimeSpan.FromSeconds(3), cancellationToken: cancellationToken));
        Assert.Equal(handle.HolderId, (await new RedisLocker(other).GetHolderAsync(key, cancellationToken))?.HolderId);
        Assert.True(await handle.ReleaseAsync(cancellationToken), "The renewed lock could not be released.");
        await LockAssertions.AssertAbsentAsync(db, key, "release stops renewal and frees the lock");
    }

    [Fact]
    public async Task Renewal_WhenAnotherHolderTookTheKey_CancelsTheTokenAndLeavesTheirLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var ours = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var theirs = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var db = redis.Database();
        await using var handle = await new RedisLocker(ours).ObtainAsync(key, TimeSpan.FromSeconds(3), cancellationToken: cancellationToken);
        Assert.NotNull(handle);
        var lost = handle.StartRenewal();

        await db.KeyDeleteAsync(key);
        await using var other = await new RedisLocker(theirs).ObtainAsync(key, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        Assert.NotNull(other);
        var value = (string?)await db.StringGetAsync(key);

        // Renewal runs every TTL/3 = 1 s: the loss shows within a couple of rounds.
        await Poll.UntilAsync(() => lost.IsCancellationRequested, TimeSpan.FromSeconds(4), "renewal to report the lock lost", cancellationToken);

        Assert.Equal(value, (string?)await db.StringGetAsync(key));
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.True(ttl <= TimeSpan.FromSeconds(60) && ttl > TimeSpan.FromSeconds(50), $"The new holder's TTL became {ttl}: renewal touched it.");
        Assert.Equal(other.HolderId, (await new RedisLocker(theirs).GetHolderAsync(key, cancellationToken))?.HolderId);
        Assert.False(await handle.ReleaseAsync(cancellationToken), "The lost handle's release reported success.");
        Assert.Equal(value, (string?)await db.StringGetAsync(key));
    }

    [Fact]
    public async Task Renewal_WhenTheKeyVanished_CancelsTheTokenAndDoesNotRecreateIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var db = redis.Database();
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(3), cancellationToken: cancellationToken);
        Assert.NotNull(handle);
        var lost = handle.StartRenewal();

        await db.KeyDeleteAsync(key);

        await Poll.UntilAsync(() => lost.IsCancellationRequested, TimeSpan.FromSeconds(4), "renewal to report the vanished lock lost", cancellationToken);
        await LockAssertions.AssertAbsentAsync(db, key, "renewal must not take a lock it lost");
    }

    [Fact]
    public async Task Renewal_StartedTwice_Throws()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        await using var handle = await new RedisLocker(connection).ObtainAsync(key, TimeSpan.FromSeconds(3), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        handle.StartRenewal();

        Assert.Throws<InvalidOperationException>(() => handle.StartRenewal());
    }
}
