namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// A cronlock killed outright (SIGKILL: the OOM killer, <c>kill -9</c>, a container runtime) cannot pass anything on
/// to its job, and its lock lapses at RELEASE or the lease's end: a job left running would then run beside the one
/// another host starts. The kernel kills the job with cronlock instead (PR_SET_PDEATHSIG, set before the job's exec).
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
}
