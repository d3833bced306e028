using System.Diagnostics;
using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// Signals sent to cronlock (by systemd, a supervisor or an operator) reach the job's whole process group; cronlock
/// waits for the job, leaves the lock per GRACE and exits with the job's code. A signal before the job started stops
/// cronlock cleanly: nothing run, nothing locked. A signal cronlock was started with ignored (nohup) stays ignored.
/// </summary>
public sealed class SignalTests(RedisFixture redis)
{
    [Fact]
    public async Task Sigterm_ToCronLock_ReachesTheGrandchildAndExitsWithTheJobsCode()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var grandchildPidFile = workspace.PathOf("grandchild.pid");
        var arguments = new[] { "sh", "-c", "sleep 300 & echo $! > \"$1\"; wait", "job-with-grandchild", grandchildPidFile };
        int? grandchild = null;

        try
        {
            var before = UnixTime.Floor;
            await using var run = CronLockProcess.Start(redis.Endpoint, Relayable(new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "5")));
            grandchild = await PidFile.WaitAsync(grandchildPidFile, run, cancellationToken);

            PosixSignal.Send(run.ProcessId, PosixSignal.Term);
            var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

            // sh dies of the TERM it got as a member of the group: 128 + 15, passed through.
            result.ShouldExitWith(143);
            await PidFile.WaitGoneAsync([grandchild.Value], "the grandchild", cancellationToken);
            await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.ForArguments(arguments), before + 6, UnixTime.Ceiling + 6,
                maxTtl: TimeSpan.FromSeconds(6), minTtl: TimeSpan.FromMilliseconds(1));
        }
        finally
        {
            PidFile.KillAll([grandchild]);
        }
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("HUP")]
    [InlineData("QUIT")]
    [InlineData("USR1")]
    [InlineData("USR2")]
    public async Task Signal_ToCronLockWhileTheJobRuns_IsPassedToTheJobAndItsDeathIsTheExitCode(string signal)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var jobPidFile = workspace.PathOf("job.pid");
        // No core file for QUIT; exec: the job is the process the signal must reach, and it dies of it.
        var arguments = new[] { "sh", "-c", "ulimit -c 0; echo $$ > \"$1\"; exec sleep 60", "signalled-job", jobPidFile };
        int? job = null;

        try
        {
            var before = UnixTime.Floor;
            await using var run = CronLockProcess.Start(redis.Endpoint, Relayable(new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "5")));
            job = await PidFile.WaitAsync(jobPidFile, run, cancellationToken);
            await Poll.UntilAsync(() => CommandOf(job.Value) == "sleep", TimeSpan.FromSeconds(5), "the job to exec sleep", cancellationToken);

            PosixSignal.Send(run.ProcessId, PosixSignal.Number(signal));
            var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

            result.ShouldExitWith(128 + PosixSignal.Number(signal));
            Assert.False(ProcessProbe.IsAlive(job.Value), $"The job (pid {job}) outlived cronlock.");
            await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.ForArguments(arguments), before + 6, UnixTime.Ceiling + 6,
                maxTtl: TimeSpan.FromSeconds(6), minTtl: TimeSpan.FromMilliseconds(1));
        }
        finally
        {
            PidFile.KillAll([job]);
        }
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("HUP")]
    public async Task Signal_WhileWaitingForAHeldLock_ExitsPromptlyWithoutRunningAndLeavesTheLockAlone(string signal)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var lockKey = ExpectedKey.ForArguments(arguments);
        await db.StringSetAsync(lockKey, (await ServerClock.NowAsync(db) + 120).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(120));
        var held = await LockState.ReadAsync(db, lockKey);
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_WAIT", "60")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes");

        await using var run = CronLockProcess.Start(redis.Endpoint, Relayable(invocation));
        await run.WaitForLogAsync("held elsewhere", TimeSpan.FromSeconds(10), cancellationToken);
        var clock = Stopwatch.StartNew();
        PosixSignal.Send(run.ProcessId, PosixSignal.Number(signal));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        result.ShouldExitWith(128 + PosixSignal.Number(signal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"cronlock took {clock.Elapsed.TotalSeconds:0.0} s to stop waiting.\n{result}");
        Assert.Empty(workspace.LinesOf("ran"));
        (await LockState.ReadAsync(db, lockKey)).AssertUnchangedSince(held, clock.Elapsed, "The interrupted waiter wrote to the held lock.");
    }

    [Fact]
    public async Task Sigterm_WhileRetryingTheConnection_ExitsPromptlyWithoutRunning()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_PORT", FreePort.Next().ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "5")
            .WithEnvironment("CRONLOCK_RECONNECT_BACKOFF", "30")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes");

        await using var run = CronLockProcess.Start(redis.Endpoint, Relayable(invocation));
        await run.WaitForLogAsync("next try", TimeSpan.FromSeconds(10), cancellationToken);
        var clock = Stopwatch.StartNew();
        PosixSignal.Send(run.ProcessId, PosixSignal.Term);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        result.ShouldExitWith(143);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"cronlock took {clock.Elapsed.TotalSeconds:0.0} s to stop retrying.\n{result}");
        Assert.Empty(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Sighup_IgnoredWhenCronLockStarted_IsNeitherObeyedNorPassedOn_AndTheJobStartsWithItsDefault()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var jobPidFile = workspace.PathOf("job.pid");
        var jobIgnored = workspace.PathOf("job.sigign");
        // As under nohup: the job runs on past the HUP and its own code comes back; had the HUP reached it, sh would
        // have died of it (129). grep reports the ignored-signal mask the job passes on to what it execs.
        var arguments = new[]
        {
            "sh", "-c", "grep '^SigIgn:' /proc/self/status > \"$2\"; echo $$ > \"$1\"; sleep 2; exit 7", "nohup-job", jobPidFile, jobIgnored,
        };
        var invocation = new CronLockInvocation(arguments) { Executable = CronLockExecutable.PublishedWithSignals(true, "HUP") }
            .WithEnvironment("CRONLOCK_GRACE", "0");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        var job = await PidFile.WaitAsync(jobPidFile, run, cancellationToken);
        PosixSignal.Send(run.ProcessId, PosixSignal.Hup);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        result.ShouldExitWith(7);
        Assert.False(ProcessProbe.IsAlive(job), $"The job (pid {job}) outlived cronlock.");
        var mask = Convert.ToUInt64(File.ReadAllText(jobIgnored).Split(':')[1].Trim(), 16);
        Assert.True((mask & 1) == 0, $"The job started with SIGHUP ignored (SigIgn {mask:x16}); it should get every signal at its default.");
    }

    /// <summary>
    /// The invocation with the relayed signals at their default disposition whatever the test host inherited (a test
    /// run under nohup ignores HUP): these tests are about what cronlock does with a signal it receives.
    /// </summary>
    private static CronLockInvocation Relayable(CronLockInvocation invocation) =>
        invocation with { Executable = CronLockExecutable.PublishedWithSignals(false, "HUP", "INT", "QUIT", "TERM", "USR1", "USR2") };

    private static string CommandOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
