namespace CronLock.IntegrationTests;

/// <summary>How long a lock lives: at least GRACE after the start, at most RELEASE.</summary>
public sealed class GraceAndReleaseTests(RedisFixture redis)
{
    [Fact]
    public async Task Run_FastJobWithGrace5_KeepsLockUntilStartPlusGraceAndASecondRunExits200()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_GRACE", "5")
            .WithEnvironment("CRONLOCK_RELEASE", "60");
        var key = ExpectedKey.ForArguments(arguments);

        var before = UnixTime.Floor;
        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken)).ShouldExitWith(0);
        var after = UnixTime.Ceiling;

        // Left at start + GRACE + 1: the job took no time, so 5-6 s remain.
        await LockAssertions.AssertLockAsync(redis.Database(), key, before + 6, after + 6,
            maxTtl: TimeSpan.FromSeconds(6), minTtl: TimeSpan.FromSeconds(3));

        var second = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);
        second.ShouldExitWith(200);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Run_OneSecondJobWithGrace3_StaysLockedForTheRestOfGrace()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLineThenSleep(workspace.PathOf("ran"), "1");
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_GRACE", "3")
            .WithEnvironment("CRONLOCK_RELEASE", "60");

        var before = UnixTime.Floor;
        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken)).ShouldExitWith(0);
        var after = UnixTime.Ceiling;

        // start + 3 + 1, checked a second after the start: at most 3 s left, and clearly some.
        await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.ForArguments(arguments), before + 4, after + 4,
            maxTtl: TimeSpan.FromSeconds(3), minTtl: TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Run_JobOutlastingGrace_LeavesNoKey()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLineThenSleep(workspace.PathOf("ran"), "3");
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_GRACE", "1")
            .WithEnvironment("CRONLOCK_RELEASE", "60");

        var key = ExpectedKey.ForArguments(arguments);

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await Poll.UntilAsync(() => redis.Database().KeyExistsAsync(key), TimeSpan.FromSeconds(3), "the run to lock while the job runs", cancellationToken);
        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);

        // start + GRACE + 1 = start + 2 was already past when the 3-second job ended.
        await LockAssertions.AssertAbsentAsync(redis.Database(), key,
            "start + GRACE + 1 had passed when the job ended, so the key should be gone");
    }

    [Fact]
    public async Task Run_WhileJobRuns_LockHoldsNowPlusReleasePlusOneAndTtlIsRelease()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new HeldJob(workspace);
        var arguments = job.InlineArguments(workspace.Directory);
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment(job.Environment)
            .WithEnvironment("CRONLOCK_GRACE", "1")
            .WithEnvironment("CRONLOCK_RELEASE", "7");

        var before = UnixTime.Floor;
        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await job.WaitStartedAsync(run, cancellationToken);
        var started = UnixTime.Ceiling;

        try
        {
            await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.ForArguments(arguments), before + 8, started + 8,
                maxTtl: TimeSpan.FromSeconds(7), minTtl: TimeSpan.FromSeconds(4));
        }
        finally
        {
            job.Release();
        }

        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
    }

    [Fact]
    public async Task Run_KeepsTheLastRunRecordThirtyDays_AndEachRunStartsThemAgain()
    {
        // The last-run record goes 30 days after the last run of a job that is gone; the fencing counter stays forever,
        // so a token never goes back.
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var lastRun = Safety.LockState.LastRunKey(lockKey);
        var thirtyDays = TimeSpan.FromDays(30);
        var db = redis.Database();
        var invocation = new CronLockInvocation(Jobs.ExitWith(0, key)).WithEnvironment("CRONLOCK_KEY", key);

        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken)).ShouldExitWith(0);
        var first = await db.KeyTimeToLiveAsync(lastRun);
        await db.KeyExpireAsync(lastRun, TimeSpan.FromMinutes(5));
        (await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--reset", "--key", key), cancellationToken: cancellationToken)).ShouldExitWith(200);
        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken)).ShouldExitWith(0);
        var second = await db.KeyTimeToLiveAsync(lastRun);

        Assert.True(first <= thirtyDays && first > thirtyDays - TimeSpan.FromMinutes(1), $"'{lastRun}' TTL after the first run: {first?.ToString() ?? "none"}.");
        Assert.True(second <= thirtyDays && second > thirtyDays - TimeSpan.FromMinutes(1), $"'{lastRun}' TTL after the second run: {second?.ToString() ?? "none"}.");
        Assert.Equal(2, (long)await db.HashGetAsync(lastRun, "token"));
        Assert.Null(await db.KeyTimeToLiveAsync(Safety.LockState.FenceKey(lockKey)));
    }
}
