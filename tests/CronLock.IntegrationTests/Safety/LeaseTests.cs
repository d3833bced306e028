using System.Diagnostics;
using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// CRONLOCK_LEASE: the key lives LEASE seconds and is renewed while the job runs, so a dead or paused holder frees
/// the lock within LEASE; a holder that finds its lock gone stops its job (or, with ON_LOST=warn, lets it finish).
/// </summary>
public sealed class LeaseTests(RedisFixture redis)
{
    [Fact]
    public async Task Lease_HolderFrozenPastItsLease_NeverTouchesTheNewOwnersLockStopsItsJobAndExits203()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        using var secondWorkspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var job = new JobWithGrandchild(workspace, "frozen-holder-job");
        var frozen = new CronLockInvocation(job.Arguments)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LEASE", "2");
        var second = new HeldJob(secondWorkspace);
        var secondInvocation = new CronLockInvocation(second.InlineArguments("second-holder"))
            .WithEnvironment(second.Environment)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_RELEASE", "60")
            .WithEnvironment("CRONLOCK_GRACE", "1");

        await using var first = CronLockProcess.Start(redis.Endpoint, frozen);
        try
        {
            await job.WaitStartedAsync(first, cancellationToken);

            // A paused VM or a stopped process: cronlock can neither renew nor notice anything; its job runs on.
            PosixSignal.Send(first.ProcessId, PosixSignal.Stop);
            await Poll.UntilAsync(async () => !await db.KeyExistsAsync(lockKey), TimeSpan.FromSeconds(8),
                "the frozen holder's lease (2 s) to run out", cancellationToken);

            await using var next = CronLockProcess.Start(redis.Endpoint, secondInvocation);
            await second.WaitStartedAsync(next, cancellationToken);
            var owned = await LockState.ReadAsync(db, lockKey);
            Assert.True(owned.Holder.TryGetValue("pid", out var ownerPid) && ownerPid == next.ProcessId.ToString(CultureInfo.InvariantCulture),
                $"The second run does not hold the lock: {owned}");
            var clock = Stopwatch.StartNew();

            PosixSignal.Send(first.ProcessId, PosixSignal.Cont);
            var result = await first.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);

            result.ShouldExitWith(203);
            await job.WaitGoneAsync("the resumed holder's job and its grandchild", cancellationToken);
            (await LockState.ReadAsync(db, lockKey)).AssertUnchangedSince(owned, clock.Elapsed,
                "The resumed holder wrote to a lock that another run holds now.");
            Assert.Empty(owned.LastRun);

            second.Release();
            (await next.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
        }
        finally
        {
            PosixSignal.TrySend(first.ProcessId, PosixSignal.Cont);
            job.KillAll();
        }
    }

    [Fact]
    public async Task Lease_CronLockKilledWith9_FreesTheLockWithinTheLease()
    {
        const int lease = 3;
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var jobPidFile = workspace.PathOf("job.pid");
        var invocation = new CronLockInvocation(["sh", "-c", "echo $$ > \"$1\"; exec sleep 60", "killed-holder-job", jobPidFile])
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LEASE", lease.ToString(CultureInfo.InvariantCulture));
        int? job = null;

        try
        {
            await using (var run = CronLockProcess.Start(redis.Endpoint, invocation))
            {
                job = await PidFile.WaitAsync(jobPidFile, run, cancellationToken);
                var held = await LockState.ReadAsync(db, lockKey);
                Assert.True(held.Ttl is { } ttl && ttl <= TimeSpan.FromSeconds(lease + 1),
                    $"With LEASE={lease} the key must live at most {lease + 1} s, not RELEASE: {held}");

                PosixSignal.Send(run.ProcessId, PosixSignal.Kill);
                var clock = Stopwatch.StartNew();
                await Poll.UntilAsync(async () => !await db.KeyExistsAsync(lockKey), TimeSpan.FromSeconds(10),
                    "the killed holder's lock to expire", cancellationToken);

                // Renewed to at most now + LEASE + 1 (a whole unix second) before the kill: gone by then.
                Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(lease + 1.5),
                    $"The lock of a killed holder lived {clock.Elapsed.TotalSeconds:0.00} s after the kill; LEASE is {lease} s.");

                // The orphaned job still holds cronlock's stdout and stderr open; end it before reading them.
                PidFile.KillAll([job]);
                (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(128 + PosixSignal.Kill);
            }

            using var next = Workspace.Create();
            var nextRun = await CronLockProcess.RunAsync(redis.Endpoint,
                new CronLockInvocation(Jobs.AppendLine(next.PathOf("ran"))).WithEnvironment("CRONLOCK_KEY", key), cancellationToken: cancellationToken);
            nextRun.ShouldExitWith(0);
            Assert.Single(next.LinesOf("ran"));
        }
        finally
        {
            // Nothing can stop the job of a SIGKILLed cronlock: it leads its own process group, and runs on.
            PidFile.KillAll([job]);
        }
    }

    [Fact]
    public async Task Lease_RenewedWhileTheJobRuns_OutlivesItsFirstLeaseAndKeepsTheGolockValueCurrent()
    {
        const int lease = 2;
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var job = new HeldJob(workspace);
        var invocation = new CronLockInvocation(job.InlineArguments(workspace.Directory))
            .WithEnvironment(job.Environment)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_GRACE", "1")
            .WithEnvironment("CRONLOCK_LEASE", lease.ToString(CultureInfo.InvariantCulture));

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await job.WaitStartedAsync(run, cancellationToken);
        try
        {
            var first = await LockState.ReadAsync(db, lockKey);
            var firstExpiry = first.ExpirySecond ?? throw new InvalidOperationException($"No expiry stored: {first}");
            LockState? latest = null;
            await Poll.UntilAsync(async () =>
            {
                var now = await ServerClock.NowAsync(db);
                latest = await LockState.ReadAsync(db, lockKey);
                Assert.True(latest.Ttl is { } ttl && ttl <= TimeSpan.FromSeconds(lease + 1), $"A renewal extended past LEASE + 1 s: {latest}");
                return now > firstExpiry && latest.ExpirySecond > now;
            }, TimeSpan.FromSeconds(10), $"the lock to outlive its first lease (until {firstExpiry}) while the job runs", cancellationToken);

            // golock hosts read only the value: it must move with the renewals, and match what Redis expires.
            Assert.True(latest!.Holder.TryGetValue("expires", out var expires) && expires == latest.Value, $"The value and the holder record disagree: {latest}");
        }
        finally
        {
            job.Release();
        }

        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
    }

    [Fact]
    public async Task Lease_RenewalFindsAnotherOwner_StopsTheJobLeavesTheOtherLockAndExits203()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var job = new JobWithGrandchild(workspace, "overtaken-job");
        var invocation = new CronLockInvocation(job.Arguments)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LEASE", "3");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        try
        {
            await job.WaitStartedAsync(run, cancellationToken);
            var other = await TakeOverAsync(db, lockKey);

            var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

            result.ShouldExitWith(203);
            await job.WaitGoneAsync("the job and its grandchild", cancellationToken);
            Assert.Equal(other, (string?)await db.StringGetAsync(lockKey));
            Assert.True(await db.KeyTimeToLiveAsync(lockKey) > TimeSpan.FromSeconds(100), "The other owner's TTL was changed.");
        }
        finally
        {
            job.KillAll();
        }
    }

    [Fact]
    public async Task Lease_LostWithOnLostWarn_LetsTheJobFinishAndExitsWithItsCode()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var job = new HeldJob(workspace);
        var invocation = new CronLockInvocation(job.InlineArguments(workspace.Directory))
            .WithEnvironment(job.Environment)
            .WithEnvironment("HELD_JOB_EXIT", "5")
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LEASE", "3")
            .WithEnvironment("CRONLOCK_ON_LOST", "warn");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        string other;
        try
        {
            await Poll.UntilAsync(() => File.Exists(job.StartedFile) || run.HasExited, TimeSpan.FromSeconds(10), "the job to start", cancellationToken);
            other = await TakeOverAsync(db, lockKey);
            await run.WaitForLogAsync("lost", TimeSpan.FromSeconds(10), cancellationToken);
        }
        finally
        {
            job.Release();
        }

        var result = await run.WaitAsync(cancellationToken: cancellationToken);

        result.ShouldExitWith(5);
        Assert.Equal(other, (string?)await db.StringGetAsync(lockKey));
        Assert.True(await db.KeyTimeToLiveAsync(lockKey) > TimeSpan.FromSeconds(100), "The other owner's TTL was changed.");
    }

    [Fact]
    public async Task Lease_WhenRedisStopsAnsweringMidJob_StopsTheJobBeforeTheLeaseRunsOut()
    {
        const int lease = 2;
        var cancellationToken = TestContext.Current.CancellationToken;
        // CLIENT PAUSE freezes every client of the server: this test needs one of its own.
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        using var workspace = Workspace.Create();
        var job = new JobWithGrandchild(workspace, "cut-off-job");
        var invocation = new CronLockInvocation(job.Arguments)
            .WithEnvironment("CRONLOCK_KEY", TestNames.Key())
            .WithEnvironment("CRONLOCK_LEASE", lease.ToString(CultureInfo.InvariantCulture));

        await using var run = CronLockProcess.Start(server.Endpoint, invocation);
        try
        {
            await job.WaitStartedAsync(run, cancellationToken);

            // Redis answers nothing for 4 s: to cronlock, a network partition (its own timeout is 30 s). The lease
            // cannot be renewed.
            await server.Database().ExecuteAsync("CLIENT", "PAUSE", "4000", "ALL");
            var clock = Stopwatch.StartNew();
            await job.WaitGoneAsync("the job of the cut-off holder", cancellationToken);

            // Stopped while Redis was still silent, within the lease it last secured; not when Redis came back.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(lease + 1.5),
                $"The job was stopped {clock.Elapsed.TotalSeconds:0.0} s after Redis went silent; the lease is {lease} s.");
            (await run.WaitAsync(TimeSpan.FromSeconds(40), cancellationToken)).ShouldExitWith(203);
        }
        finally
        {
            job.KillAll();
        }
    }

    [Fact]
    public async Task Lease_ReachingRelease_IsNeverRenewedPastItAndStopsTheJob()
    {
        const int release = 3;
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var job = new JobWithGrandchild(workspace, "endless-job");
        var invocation = new CronLockInvocation(job.Arguments)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LEASE", "1")
            .WithEnvironment("CRONLOCK_RELEASE", release.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_GRACE", "1");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        try
        {
            await job.WaitStartedAsync(run, cancellationToken);
            var started = long.Parse((await LockState.ReadAsync(db, lockKey)).Holder["started"], CultureInfo.InvariantCulture);
            while (!run.HasExited)
            {
                var state = await LockState.ReadAsync(db, lockKey);
                Assert.True(state.ExpirySecond is null || state.ExpirySecond <= started + release + 1,
                    $"The lease was renewed past start ({started}) + RELEASE ({release}) + 1: {state}");
                await Task.Delay(50, cancellationToken);
            }

            var result = await run.WaitAsync(cancellationToken: cancellationToken);

            result.ShouldExitWith(203);
            await job.WaitGoneAsync("the job past RELEASE", cancellationToken);
            // The operator reads why the job was stopped: RELEASE, not a pause that never happened.
            Assert.True(result.StandardError.Contains("RELEASE", StringComparison.Ordinal),
                $"The log does not say the lock reached CRONLOCK_RELEASE.\n{result}");
        }
        finally
        {
            job.KillAll();
        }
    }

    /// <summary>Another host's lock replaces ours, as golock would write it after our key expired.</summary>
    private static async Task<string> TakeOverAsync(IDatabase db, string lockKey)
    {
        Assert.True(await db.KeyExistsAsync(lockKey), $"The run did not lock '{lockKey}'.");
        var other = (await ServerClock.NowAsync(db) + 300).ToString(CultureInfo.InvariantCulture);
        await db.StringSetAsync(lockKey, other, TimeSpan.FromSeconds(300));
        return other;
    }
}
