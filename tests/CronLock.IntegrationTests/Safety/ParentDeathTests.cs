using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// A cronlock killed outright (SIGKILL: the OOM killer, <c>kill -9</c>, a container runtime) cannot pass anything on
/// to its job, and its lock lapses at RELEASE or the lease's end: a job left running would then run beside the one
/// another host starts. The kernel kills the job with cronlock instead (PR_SET_PDEATHSIG, set before the job's exec),
/// and a watcher process (Running/watch.c) kills the rest of the job's process group.
/// </summary>
public sealed class ParentDeathTests(RedisFixture redis)
{
    [Theory]
    [InlineData("0")]
    [InlineData("30")]
    public async Task Sigkill_ToCronLock_TheJobDiesWithIt(string timeout)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var jobPidFile = workspace.PathOf("job.pid");
        var arguments = new[] { "sh", "-c", "echo $$ > \"$1\"; exec sleep 60", TestNames.Key(), jobPidFile };
        int? job = null;

        try
        {
            await using var run = CronLockProcess.Start(redis.Endpoint, new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_TIMEOUT", timeout));
            job = await PidFile.WaitAsync(jobPidFile, run, cancellationToken);

            PosixSignal.Send(run.ProcessId, PosixSignal.Kill);
            var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

            result.ShouldExitWith(128 + PosixSignal.Kill);
            await PidFile.WaitGoneAsync([job.Value], "the job of the killed cronlock", cancellationToken);
        }
        finally
        {
            PidFile.KillAll([job]);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("30")]
    public async Task Sigkill_ToCronLock_TheJobsBackgroundChildDiesWithIt(string timeout)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new JobWithGrandchild(workspace, TestNames.Key());

        try
        {
            await using var run = CronLockProcess.Start(redis.Endpoint, new CronLockInvocation(job.Arguments).WithEnvironment("CRONLOCK_TIMEOUT", timeout));
            await job.WaitStartedAsync(run, cancellationToken);

            await KillAndExpectTheJobGoneAsync(run, job, cancellationToken);
        }
        finally
        {
            job.KillAll();
        }
    }

    [Fact]
    public async Task Sigkill_ToCronLock_WhoseStartWatcherWasKilledBeforeTheJob_TheJobsBackgroundChildStillDies()
    {
        // The binary forks its job's watcher as it starts (Running/startup.c), long before the job: a watcher gone by
        // then is replaced when the job starts, so no job runs unwatched.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new JobWithGrandchild(workspace, TestNames.Key());
        var db = redis.Database();
        var lockKey = ExpectedKey.ForArguments(job.Arguments);
        await db.StringSetAsync(lockKey, (await ServerClock.NowAsync(db) + 120).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(120));

        try
        {
            await using var run = CronLockProcess.Start(redis.Endpoint,
                new CronLockInvocation(job.Arguments).WithEnvironment("CRONLOCK_WAIT", "20").WithEnvironment("CRONLOCK_VERBOSE", "yes"));
            await run.WaitForLogAsync("held elsewhere", TimeSpan.FromSeconds(10), cancellationToken);
            var startWatcher = Assert.Single(ProcessProbe.ChildrenNamed(run.ProcessId, "cronlock-watch"));
            PosixSignal.Send(startWatcher, PosixSignal.Kill);
            await db.KeyDeleteAsync(lockKey);
            await job.WaitStartedAsync(run, cancellationToken);

            var jobWatcher = Assert.Single(ProcessProbe.ChildrenNamed(run.ProcessId, "cronlock-watch"));
            Assert.NotEqual(startWatcher, jobWatcher);
            await KillAndExpectTheJobGoneAsync(run, job, cancellationToken);
        }
        finally
        {
            job.KillAll();
        }
    }

    /// <summary>SIGKILL to cronlock: it dies with 137, and its job and the job's background child die with it.</summary>
    private static async Task KillAndExpectTheJobGoneAsync(CronLockRun run, JobWithGrandchild job, CancellationToken cancellationToken)
    {
        PosixSignal.Send(run.ProcessId, PosixSignal.Kill);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        result.ShouldExitWith(128 + PosixSignal.Kill);
        await job.WaitGoneAsync("the job of the killed cronlock and its background child", cancellationToken);
    }

    [Fact]
    public async Task Run_WhenTheJobExitsLeavingABackgroundProcess_LeavesItRunning()
    {
        // Only a cronlock that died unwatched kills what the job left behind; a job that ended is golock's: its
        // leftovers are the job's business (a timeout or lock-loss stop does kill them, see TimeoutTests).
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var backgroundPidFile = workspace.PathOf("bg.pid");
        var arguments = new[] { "sh", "-c", "sleep 30 > /dev/null 2>&1 & echo $! > \"$1\"", TestNames.Key(), backgroundPidFile };
        int? background = null;

        try
        {
            var result = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(arguments), cancellationToken: cancellationToken);
            background = PidFile.TryRead(backgroundPidFile);

            result.ShouldExitWith(0);
            Assert.NotNull(background);
            Assert.True(ProcessProbe.IsAlive(background.Value), $"the job's background process {background} was killed after a normal run");
        }
        finally
        {
            PidFile.KillAll([background]);
        }
    }
}
