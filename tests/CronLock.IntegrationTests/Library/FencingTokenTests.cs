using CronLock.Core;
using CronLock.IntegrationTests.Modes;

namespace CronLock.IntegrationTests.Library;

/// <summary>The fencing token increases strictly with every holder of a key, whichever connection or tool took it.</summary>
public sealed class FencingTokenTests(RedisFixture redis)
{
    [Fact]
    public async Task FencingToken_AcrossHoldersOnTwoConnections_IsStrictlyIncreasing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var first = await ServiceConnection.OpenAsync(redis.Endpoint);
        await using var second = await ServiceConnection.OpenAsync(redis.Endpoint);
        var lockers = new[] { new RedisLocker(first), new RedisLocker(second) };
        var key = ExpectedKey.DefaultPrefix + TestNames.Key();
        var tokens = new List<long>();

        for (var round = 0; round < 6; round++)
        {
            var handle = await lockers[round % 2].ObtainAsync(key, TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
            Assert.NotNull(handle);
            tokens.Add(handle.FencingToken);
            if (round == 3)
            {
                // A holder that vanished without releasing (its key expired or was deleted) still advances the token.
                await redis.Database().KeyDeleteAsync(key);
                continue;
            }

            Assert.True(await handle.ReleaseAsync(cancellationToken));
        }

        for (var i = 1; i < tokens.Count; i++)
        {
            Assert.True(tokens[i] > tokens[i - 1], $"Fencing tokens are not strictly increasing: {string.Join(", ", tokens)}.");
        }
    }

    [Fact]
    public async Task FencingToken_AcrossLibraryAndCliHolders_IsStrictlyIncreasing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var locker = new RedisLocker(connection);
        var name = TestNames.Key();
        var key = ExpectedKey.DefaultPrefix + name;
        var cli = new SplitModeCli(redis.Endpoint, name);

        var library = await locker.ObtainAsync(key, TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
        Assert.NotNull(library);
        Assert.True(await library.ReleaseAsync(cancellationToken));

        var token = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60")).ShouldExitWith(0));
        var cliFencingToken = (await cli.StatusJsonAsync()).HolderFencingToken;
        Assert.Equal(cliFencingToken, (await locker.GetHolderAsync(key, cancellationToken))?.FencingToken);
        (await cli.UnlockAsync(token)).ShouldExitWith(0);

        await using var after = await locker.ObtainAsync(key, TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
        Assert.NotNull(after);
        Assert.True(library.FencingToken < cliFencingToken && cliFencingToken < after.FencingToken,
            $"Tokens library {library.FencingToken} → cli {cliFencingToken} → library {after.FencingToken} are not strictly increasing.");
    }
}
