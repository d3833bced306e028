using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// Durations past one .NET timer's reach (4294967294 ms, about 49.7 days) up to the 10-year maximum are waits like
/// any other: the job's code, the timeout and the lock all behave as with short ones. Before, such a value made
/// cronlock exit 201 with the job still running and the lock deleted under it.
/// </summary>
public sealed class LongDurationTests(RedisFixture redis)
{
    /// <summary>Past one timer's reach in milliseconds (4294967.294 s), and its third still within it.</summary>
    private const string PastOneTimer = "5000000";

    /// <summary>So long that even a third of it (a lease's renewal interval) is past one timer's reach.</summary>
    private const string PastThreeTimers = "13000000";

    // Leaves on TERM, so only the TERM of the timeout ends it; sleeps in short steps so the trap runs at once.
    private const string LeavesOnTerm = "trap 'exit 0' TERM; while :; do sleep 0.1; done";

    [Fact]
    public async Task Run_TimeoutPastATimersReach_ExitsWithTheJobsCodeAndKeepsTheLockForGrace()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var invocation = new CronLockInvocation(["--timeout", PastOneTimer, "--grace", "60", "sh", "-c", "exit 7"])
            .WithEnvironment("CRONLOCK_KEY", key);

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(7);
        var state = await LockState.ReadAsync(db, lockKey);
        Assert.True(state.Ttl is { } ttl && ttl > TimeSpan.FromSeconds(30) && ttl <= TimeSpan.FromSeconds(61),
            $"The lock was not kept for GRACE (60 s) after the job: {state}\n{result}");
        Assert.Equal("7", state.LastRun.GetValueOrDefault("exit"));
    }

    [Fact]
    public async Task Run_KillAfterPastATimersReach_StillTimesOutTheJobAndExits202()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var invocation = new CronLockInvocation(["--timeout", "1", "--timeout-signal", "TERM", "--kill-after", PastOneTimer, "sh", "-c", LeavesOnTerm])
            .WithEnvironment("CRONLOCK_KEY", TestNames.Key());

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, TimeSpan.FromSeconds(30), cancellationToken);

        result.ShouldExitWith(202);
        Assert.Contains("emergency: had to kill", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PastOneTimer)]
    [InlineData(PastThreeTimers)]
    public async Task Run_LeaseAndReleasePastATimersReach_ExitsWithTheJobsCode(string seconds)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var invocation = new CronLockInvocation(["--lease", seconds, "--release", seconds, "--grace", "60", "sh", "-c", "exit 3"])
            .WithEnvironment("CRONLOCK_KEY", key);

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(3);
        var state = await LockState.ReadAsync(db, lockKey);
        Assert.True(state.Ttl is { } ttl && ttl <= TimeSpan.FromSeconds(61),
            $"The lock was not left to GRACE (60 s) after the job, but kept for the lease: {state}\n{result}");
        Assert.Equal("3", state.LastRun.GetValueOrDefault("exit"));
    }

    [Fact]
    public async Task Wait_PastATimersReach_RunsTheJobOnceTheLockIsFreed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        await db.StringSetAsync(lockKey, (await ServerClock.NowAsync(db) + 120).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(120));
        var invocation = new CronLockInvocation(["--wait", PastOneTimer, .. Jobs.AppendLine(workspace.PathOf("ran"))])
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await run.WaitForLogAsync("held elsewhere", TimeSpan.FromSeconds(10), cancellationToken);
        Assert.Empty(workspace.LinesOf("ran"));
        await db.KeyDeleteAsync(lockKey);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }
}
