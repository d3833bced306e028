using System.Globalization;

namespace CronLock.IntegrationTests;

/// <summary>CRONLOCK_RESET / --reset: clear the lock of these arguments, run nothing, exit 200.</summary>
public sealed class ResetTests(RedisFixture redis)
{
    [Theory]
    [InlineData("CRONLOCK_RESET", "yes")]
    [InlineData("CRONLOCK_RESET", "TRUE")]
    [InlineData("CRONLOCK_RESET", "1")]
    [InlineData("CRONLOCK_RESET", "On")]
    [InlineData("--reset", null)]
    public async Task Run_WithReset_DeletesTheKeyRunsNothingAndExits200(string setting, string? value)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var key = ExpectedKey.ForArguments(arguments);
        var db = redis.Database();
        await db.StringSetAsync(key, (UnixTime.Floor + 300).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(300));
        var invocation = value is null
            ? new CronLockInvocation([setting, .. arguments])
            : new CronLockInvocation(arguments).WithEnvironment(setting, value);

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        Assert.Empty(workspace.LinesOf("ran"));
        await LockAssertions.AssertAbsentAsync(db, key, "RESET should have deleted it");
    }

    [Fact]
    public async Task Run_WithResetAndKey_DeletesThatKey()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var name = TestNames.Key();
        var db = redis.Database();
        await db.StringSetAsync("cronlock." + name, (UnixTime.Floor + 300).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(300));

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran"))).WithEnvironment("CRONLOCK_RESET", "yes").WithEnvironment("CRONLOCK_KEY", name),
            cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        Assert.Empty(workspace.LinesOf("ran"));
        await LockAssertions.AssertAbsentAsync(db, "cronlock." + name, "RESET with CRONLOCK_KEY should have deleted it");
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("list")]
    [InlineData("set")]
    public async Task Run_WithResetOnAKeyThatIsNotALock_Exits201AndLeavesItIntact(string type)
    {
        // A mistyped --key that names some application's data must not delete it.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var name = TestNames.Key(type);
        var lockKey = ExpectedKey.DefaultPrefix + name;
        var db = redis.Database();
        await Safety.NotALock.CreateAsync(db, lockKey, type);

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(["--reset", "--key", name, .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        var line = Assert.Single(result.StandardErrorLines);
        Assert.Contains($"CRONLOCK_RESET: {lockKey} is not a lock (a {type}): left it alone", line, StringComparison.Ordinal);
        await Safety.NotALock.AssertIntactAsync(db, lockKey, type);
    }

    [Fact]
    public async Task Run_WithResetOnAValueThatIsNotATime_DeletesIt()
    {
        // The way out for a string no run will touch (some tool's marker where a lock should be).
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = TestNames.Key();
        var db = redis.Database();
        await db.StringSetAsync(ExpectedKey.DefaultPrefix + name, "not-a-time");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--reset", "--key", name), cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        await LockAssertions.AssertAbsentAsync(db, ExpectedKey.DefaultPrefix + name, "--reset should delete a value that is not a time");
    }

    [Fact]
    public async Task Run_WithResetAndNoKey_Exits200WithoutRunning()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_RESET", "yes"), cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        Assert.Empty(workspace.LinesOf("ran"));
        await LockAssertions.AssertAbsentAsync(redis.Database(), ExpectedKey.ForArguments(arguments), "RESET must not create a lock");
    }

    [Fact]
    public async Task Run_WithResetNo_RunsTheJob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();

        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_RESET", "no"),
            cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"The run took no lock.\n{result}");
    }
}
