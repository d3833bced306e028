namespace CronLock.IntegrationTests;

/// <summary>CRONLOCK_DB / --db select the Redis database the lock lives in.</summary>
public sealed class DatabaseTests(RedisFixture redis)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WithDb3_LocksInDatabase3Only(bool asFlag)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new HeldJob(workspace);
        var arguments = job.InlineArguments(workspace.Directory);
        var key = ExpectedKey.ForArguments(arguments);
        var invocation = (asFlag ? new CronLockInvocation(["--db", "3", .. arguments]) : new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_DB", "3"))
            .WithEnvironment(job.Environment);

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await job.WaitStartedAsync(run, cancellationToken);
        var inDb3 = await redis.Database(3).KeyExistsAsync(key);
        var inDb0 = await redis.Database(0).KeyExistsAsync(key);
        job.Release();
        var result = await run.WaitAsync(cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.True(inDb3, $"'{key}' was not in database 3 while the job ran.\n{result}");
        Assert.False(inDb0, $"'{key}' was in database 0.\n{result}");
    }
}
