using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// Every expiry and grace time comes from the Redis server's clock (TIME in the scripts), so a host whose clock is
/// minutes off neither steals a live lock, nor re-runs a job inside GRACE, nor writes expiries others misread.
/// </summary>
public sealed class ServerClockTests(RedisFixture redis)
{
    private const int TenMinutes = 600;

    [Fact]
    public async Task FastClockHost_OnALiveLock_Exits200AndLeavesItAlone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        using var fastWorkspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var job = new HeldJob(workspace);
        // The live lock ends in about 2 minutes: by a clock 10 minutes fast, long past.
        var holder = new CronLockInvocation(job.InlineArguments(workspace.Directory))
            .WithEnvironment(job.Environment)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_RELEASE", "120");

        await using var run = CronLockProcess.Start(redis.Endpoint, holder);
        await job.WaitStartedAsync(run, cancellationToken);
        try
        {
            var held = await LockState.ReadAsync(db, lockKey);
            var fast = new CronLockInvocation(Jobs.AppendLine(fastWorkspace.PathOf("ran")))
                .WithEnvironment("CRONLOCK_KEY", key)
                .WithEnvironment("CRONLOCK_VERBOSE", "yes")
                .WithEnvironment(FakeClock.Shifted("+10m"));

            var result = await CronLockProcess.RunAsync(redis.Endpoint, fast, cancellationToken: cancellationToken);

            AssertClockShifted(result, +TenMinutes);
            result.ShouldExitWith(200);
            Assert.Empty(fastWorkspace.LinesOf("ran"));
            (await LockState.ReadAsync(db, lockKey)).AssertUnchangedSince(held, result.Duration, "The fast-clock host wrote to a live lock.");
        }
        finally
        {
            job.Release();
        }

        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
    }

    [Fact]
    public async Task FastClockHost_InsideGraceOfAFinishedRun_DoesNotRunTheJobAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "30");

        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken)).ShouldExitWith(0);
        var again = await CronLockProcess.RunAsync(redis.Endpoint,
            invocation.WithEnvironment("CRONLOCK_VERBOSE", "yes").WithEnvironment(FakeClock.Shifted("+10m")), cancellationToken: cancellationToken);

        AssertClockShifted(again, +TenMinutes);
        again.ShouldExitWith(200);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Theory]
    [InlineData("+10m", +TenMinutes)]
    [InlineData("-10m", -TenMinutes)]
    public async Task SkewedClockHost_TakingALock_WritesExpiryAndGraceByTheServersClock(string offset, int seconds)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var lockKey = ExpectedKey.ForArguments(arguments);
        var invocation = new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "30");

        var before = await ServerClock.NowAsync(db);
        var skewed = await CronLockProcess.RunAsync(redis.Endpoint,
            invocation.WithEnvironment("CRONLOCK_VERBOSE", "yes").WithEnvironment(FakeClock.Shifted(offset)), cancellationToken: cancellationToken);
        var after = await ServerClock.NowAsync(db);

        AssertClockShifted(skewed, seconds);
        skewed.ShouldExitWith(0);
        // Kept until start + GRACE + 1 by the server's clock: not 10 minutes early (re-run at once) or late.
        await LockAssertions.AssertLockAsync(db, lockKey, before + 31, after + 31, maxTtl: TimeSpan.FromSeconds(31), minTtl: TimeSpan.FromSeconds(25));
        var holder = (await LockState.ReadAsync(db, lockKey)).Holder;
        Assert.InRange(long.Parse(holder["started"], CultureInfo.InvariantCulture), before, after);

        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken)).ShouldExitWith(200);
        Assert.Single(workspace.LinesOf("ran"));
    }

    private static void AssertClockShifted(CronLockResult result, int seconds)
    {
        var shift = FakeClock.FirstLogSecond(result) - UnixTime.Floor;
        Assert.True(Math.Abs(shift - seconds) < 60,
            $"cronlock's clock was not shifted by {seconds} s (libfaketime not in effect?); it logged a time {shift} s from ours.\n{result}");
    }
}
