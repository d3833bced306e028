using System.Globalization;

namespace CronLock.IntegrationTests;

/// <summary>Keys left by old cronlock versions hold an expiry time and no TTL; only a past one is taken over.</summary>
public sealed class StaleLockTests(RedisFixture redis)
{
    [Fact]
    public async Task Run_OnKeyWithPastTimeAndNoTtl_TakesItOverRunsAndLeavesItPerGrace()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var key = ExpectedKey.ForArguments(arguments);
        var db = redis.Database();
        await db.StringSetAsync(key, Seconds(UnixTime.Floor - 100));
        var invocation = new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "5");

        var before = UnixTime.Floor;
        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken)).ShouldExitWith(0);
        var after = UnixTime.Ceiling;

        Assert.Single(workspace.LinesOf("ran"));
        await LockAssertions.AssertLockAsync(db, key, before + 6, after + 6, maxTtl: TimeSpan.FromSeconds(6), minTtl: TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_OnKeyWithFutureTime_Exits200WithoutRunningAndLeavesKeyAsItWas(bool withTtl)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var key = ExpectedKey.ForArguments(arguments);
        var db = redis.Database();
        var held = Seconds(UnixTime.Floor + 100);
        await (withTtl ? db.StringSetAsync(key, held, TimeSpan.FromSeconds(100)) : db.StringSetAsync(key, held));

        var result = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(arguments), cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Equal(held, (string?)await db.StringGetAsync(key));
        var ttl = await db.KeyTimeToLiveAsync(key);
        if (withTtl)
        {
            Assert.True(ttl > TimeSpan.FromSeconds(90), $"TTL changed to {ttl}.");
        }
        else
        {
            Assert.Null(ttl);
        }
    }

    [Fact]
    public async Task Run_OnHeldKeyWithVerbose_LogsTheKeyAndWhenItExpires()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var key = ExpectedKey.ForArguments(arguments);
        await redis.Database().StringSetAsync(key, Seconds(UnixTime.Floor + 100), TimeSpan.FromSeconds(100));

        var result = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_VERBOSE", "yes"),
            cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        Assert.Contains(key, result.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"expires in (9[5-9]|100|101)\s?s", result.StandardError);
        Assert.Equal("", result.StandardOutput);
    }

    private static string Seconds(long unixTime) => unixTime.ToString(CultureInfo.InvariantCulture);
}
