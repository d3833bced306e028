namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// CRONLOCK_TIMEOUT_SIGNAL=TERM with CRONLOCK_KILL_AFTER, like timeout(1): the job gets a chance to clean up, then
/// KILL if it is still there. Exit 202 either way.
/// </summary>
public sealed class GracefulTimeoutTests(RedisFixture redis)
{
    // Cleans up on TERM (writes a file, exits 3); sleeps in short steps so the trap runs as soon as TERM comes.
    private const string CleaningJob = "trap 'echo cleaned > \"$1\"; exit 3' TERM; while :; do sleep 0.1; done";

    // Ignores TERM (so do its children): only the KILL after KILL_AFTER ends it.
    private const string StubbornJob = "trap '' TERM; echo $$ > \"$1\"; while :; do sleep 0.1; done";

    [Fact]
    public async Task Timeout_WithSignalTerm_LetsTheJobTrapItAndExits202()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var cleaned = workspace.PathOf("cleaned");
        var invocation = new CronLockInvocation(["sh", "-c", CleaningJob, "cleaning-job", cleaned])
            .WithEnvironment("CRONLOCK_TIMEOUT", "1")
            .WithEnvironment("CRONLOCK_TIMEOUT_SIGNAL", "TERM")
            .WithEnvironment("CRONLOCK_KILL_AFTER", "10");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(202);
        Assert.True(File.Exists(cleaned), $"The job's TERM trap did not run.\n{result}");
        Assert.True(result.Duration < TimeSpan.FromSeconds(6), $"cronlock waited for KILL_AFTER although the job had ended.\n{result}");
        Assert.Contains("emergency: had to kill", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_WithSignalTermIgnoredByTheJob_KillsItAfterKillAfterAndExits202()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var jobPidFile = workspace.PathOf("job.pid");
        var invocation = new CronLockInvocation(["sh", "-c", StubbornJob, "stubborn-job", jobPidFile])
            .WithEnvironment("CRONLOCK_TIMEOUT", "1")
            .WithEnvironment("CRONLOCK_TIMEOUT_SIGNAL", "TERM")
            .WithEnvironment("CRONLOCK_KILL_AFTER", "1");
        int? job = null;

        try
        {
            await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
            job = await PidFile.WaitAsync(jobPidFile, run, cancellationToken);
            var result = await run.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);

            result.ShouldExitWith(202);
            Assert.True(result.Duration >= TimeSpan.FromSeconds(1.9), $"KILL came before TIMEOUT (1 s) + KILL_AFTER (1 s).\n{result}");
            Assert.True(result.Duration < TimeSpan.FromSeconds(8), $"The job that ignores TERM was not killed after KILL_AFTER.\n{result}");
            await PidFile.WaitGoneAsync([job.Value], "the job that ignored TERM", cancellationToken);
        }
        finally
        {
            PidFile.KillAll([job]);
        }
    }

    [Fact]
    public async Task Timeout_WithTheDefaultKillSignal_GivesTheJobNoChanceToTrap()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var cleaned = workspace.PathOf("cleaned");
        var invocation = new CronLockInvocation(["sh", "-c", CleaningJob, "cleaning-job", cleaned])
            .WithEnvironment("CRONLOCK_TIMEOUT", "1");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(202);
        Assert.False(File.Exists(cleaned), $"A TERM trap ran although the golock default is KILL.\n{result}");
    }
}
