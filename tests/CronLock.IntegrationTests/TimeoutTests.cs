using System.Globalization;

namespace CronLock.IntegrationTests;

/// <summary>CRONLOCK_TIMEOUT: past it the job's whole process group is SIGKILLed and cronlock exits 202.</summary>
public sealed class TimeoutTests(RedisFixture redis)
{
    // The job backgrounds a grandchild, records its pid and waits for it: only a process-group kill ends both.
    private const string JobWithGrandchild = "sleep 100 & echo $! > \"$1\"; wait";

    [Fact]
    public async Task Run_PastTimeout_KillsChildAndGrandchildExits202AndLeavesLockPerGrace()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var pidFile = workspace.PathOf("grandchild.pid");
        var arguments = new[] { "sh", "-c", JobWithGrandchild, "job-with-grandchild", pidFile };
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_TIMEOUT", "1")
            .WithEnvironment("CRONLOCK_GRACE", "5");
        int? grandchild = null;

        try
        {
            var before = UnixTime.Floor;
            await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
            await Poll.UntilAsync(() => ReadPid(pidFile) is not null, TimeSpan.FromSeconds(10), "the job to record its grandchild", cancellationToken);
            grandchild = ReadPid(pidFile);

            var result = await run.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);
            var after = UnixTime.Ceiling;

            result.ShouldExitWith(202);
            Assert.True(result.Duration < TimeSpan.FromSeconds(6), $"The 1 s timeout took {result.Duration.TotalSeconds:0.0} s.\n{result}");
            Assert.Contains("emergency: had to kill", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("1s timeout", result.StandardError, StringComparison.Ordinal);
            await Poll.UntilAsync(() => !ProcessProbe.IsAlive(grandchild!.Value), TimeSpan.FromSeconds(3),
                $"the grandchild (pid {grandchild}) to be dead", cancellationToken);

            // The lock is still left until start + GRACE + 1; about a second of it went on the timeout.
            await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.ForArguments(arguments), before + 6, after + 6,
                maxTtl: TimeSpan.FromSeconds(5), minTtl: TimeSpan.FromSeconds(2));
        }
        finally
        {
            if (grandchild is { } pid)
            {
                ProcessProbe.KillIfAlive(pid);
            }
        }
    }

    [Fact]
    public async Task Run_FinishingBeforeTimeout_PassesTheJobsExitCode()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var invocation = new CronLockInvocation(Jobs.ExitWith(4, TestNames.Key())).WithEnvironment("CRONLOCK_TIMEOUT", "10");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(4);
        Assert.True(result.Duration < TimeSpan.FromSeconds(5), $"A job that exits at once waited {result.Duration.TotalSeconds:0.0} s.\n{result}");
        Assert.DoesNotContain("emergency", result.StandardError, StringComparison.Ordinal);
    }

    private static int? ReadPid(string file)
    {
        try
        {
            var text = File.ReadAllText(file).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
