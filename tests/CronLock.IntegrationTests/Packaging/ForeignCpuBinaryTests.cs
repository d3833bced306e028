using CronLock.IntegrationTests.Safety;

namespace CronLock.IntegrationTests.Packaging;

/// <summary>
/// The release binary for the other CPU (arm64 on an x86-64 machine), cross-compiled by packaging/build-release.sh
/// and run under qemu-user against the real Redis. What is CPU-specific in cronlock behaves as on this machine's
/// CPU: the md5 key, the job starter (Running/spawn.c, compiled for that CPU) that puts the job in its own process
/// group and has it die with cronlock, the kill of that whole group, and the signal relay.
/// </summary>
public sealed class ForeignCpuBinaryTests(RedisFixture redis)
{
    [Fact]
    public async Task Run_TakesTheMd5KeyRunsTheJob_AndExitsWithItsCode()
    {
        var arguments = Jobs.ExitWith(7, TestNames.Key());

        var result = await CronLockProcess.RunAsync(redis.Endpoint, OnTheForeignCpu(arguments), cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(7);
        Assert.True(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"The run took no lock.\n{result}");
    }

    [Fact]
    public async Task Run_LockHeldElsewhere_Exits200AndRunsNothing()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        await redis.Database().StringSetAsync(ExpectedKey.ForArguments(arguments), "4102444800", TimeSpan.FromMinutes(1));

        var result = await CronLockProcess.RunAsync(redis.Endpoint, OnTheForeignCpu(arguments), cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(200);
        Assert.False(File.Exists(workspace.PathOf("ran")), "The job ran although the lock was held.");
    }

    [Fact]
    public async Task Run_CommandNotFound_Exits127()
    {
        var result = await CronLockProcess.RunAsync(
            redis.Endpoint, OnTheForeignCpu(["cronlock-it-no-such-command", TestNames.Key()]), cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(127);
    }

    [Fact]
    public async Task Run_PastTimeout_KillsTheJobAndItsGrandchild_Exits202()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new JobWithGrandchild(workspace, TestNames.Key());

        try
        {
            await using var run = CronLockProcess.Start(redis.Endpoint, OnTheForeignCpu(job.Arguments).WithEnvironment("CRONLOCK_TIMEOUT", "2"));
            await job.WaitStartedAsync(run, cancellationToken);
            var result = await run.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);

            result.ShouldExitWith(202);
            await job.WaitGoneAsync("the job and its grandchild", cancellationToken);
        }
        finally
        {
            job.KillAll();
        }
    }

    [Fact]
    public async Task Sigterm_ToCronLock_ReachesTheJobsGroup_AndItsDeathIsTheExitCode()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new JobWithGrandchild(workspace, TestNames.Key());

        try
        {
            await using var run = CronLockProcess.Start(redis.Endpoint, OnTheForeignCpu(job.Arguments));
            await job.WaitStartedAsync(run, cancellationToken);

            PosixSignal.Send(run.ProcessId, PosixSignal.Term);
            var result = await run.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);

            result.ShouldExitWith(143);
            await job.WaitGoneAsync("the job and its grandchild", cancellationToken);
        }
        finally
        {
            job.KillAll();
        }
    }

    [Fact]
    public async Task Sigkill_ToCronLock_TheJobDiesWithIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var jobPidFile = workspace.PathOf("job.pid");
        string[] arguments = ["sh", "-c", "echo $$ > \"$1\"; exec sleep 60", TestNames.Key(), jobPidFile];
        int? job = null;

        try
        {
            await using var run = CronLockProcess.Start(redis.Endpoint, OnTheForeignCpu(arguments));
            job = await PidFile.WaitAsync(jobPidFile, run, cancellationToken);

            PosixSignal.Send(run.ProcessId, PosixSignal.Kill);
            await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

            await PidFile.WaitGoneAsync([job.Value], "the job of the killed cronlock", cancellationToken);
        }
        finally
        {
            PidFile.KillAll([job]);
        }
    }

    private static CronLockInvocation OnTheForeignCpu(IReadOnlyList<string> arguments) =>
        new(arguments) { Executable = ReleaseTarget.Foreign.Executable };
}
