using System.Diagnostics;

namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// Split mode, distlock's <c>--lock</c> / <c>--unlock</c>: <c>cronlock --acquire</c> takes the lock and exits,
/// printing a holder token; only <c>cronlock --unlock TOKEN</c> gives it back, else RELEASE ends it.
/// </summary>
public sealed class SplitModeTests(RedisFixture redis)
{
    [Fact]
    public async Task Acquire_WhenFree_PrintsATokenExits0AndHoldsTheLockForRelease()
    {
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var db = redis.Database();

        var before = UnixTime.Floor;
        var acquired = (await cli.AcquireAsync("--release", "60")).ShouldExitWith(0);
        var token = SplitModeCli.TokenOf(acquired);
        try
        {
            // golock's value (expiry second) and TTL: RELEASE, since no job runs to end the lock early.
            await LockAssertions.AssertLockAsync(db, cli.LockKey, before + 61, UnixTime.Ceiling + 61,
                maxTtl: TimeSpan.FromSeconds(60), minTtl: TimeSpan.FromSeconds(55));
            var status = await cli.StatusJsonAsync();
            Assert.Equal(200, status.ExitCode);
            Assert.Equal("held", status.State);
            Assert.Equal(token, status.HolderId);
        }
        finally
        {
            await cli.UnlockAsync(token);
        }
    }

    [Fact]
    public async Task Acquire_WithTheLockAlias_BehavesLikeAcquire()
    {
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());

        var acquired = (await cli.RunAsync(new CronLockInvocation(["--lock", "--key", cli.Key, "--release", "60"]))).ShouldExitWith(0);
        var token = SplitModeCli.TokenOf(acquired);

        Assert.True(await redis.Database().KeyExistsAsync(cli.LockKey), $"--lock took no lock.\n{acquired}");
        (await cli.UnlockAsync(token)).ShouldExitWith(0);
        Assert.False(await redis.Database().KeyExistsAsync(cli.LockKey), "--unlock left the lock taken with --lock.");
    }

    [Fact]
    public async Task Acquire_WhenHeld_Exits200PrintsNoTokenAndLeavesTheHolder()
    {
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var first = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60")).ShouldExitWith(0));
        try
        {
            var second = (await cli.AcquireAsync("--release", "60")).ShouldExitWith(200);

            Assert.True(second.StandardOutput.Length == 0, $"A refused --acquire must print no token.\n{second}");
            Assert.Equal(first, (await cli.StatusJsonAsync()).HolderId);
        }
        finally
        {
            await cli.UnlockAsync(first);
        }
    }

    [Fact]
    public async Task Acquire_WithReason_StatusTextJsonAndListShowTheReason()
    {
        // A prefix of its own, so --list shows this test's lock and nothing else.
        var prefix = TestNames.Key() + ".";
        var cli = new SplitModeCli(redis.Endpoint, "percona_prod");
        const string Reason = "Upgrade RPMs on node-3";
        var token = SplitModeCli.TokenOf((await cli.RunAsync(
            new CronLockInvocation(["--acquire", "--key", "percona_prod", "--release", "60", "--reason", Reason]).WithEnvironment("CRONLOCK_PREFIX", prefix)))
            .ShouldExitWith(0));
        try
        {
            var text = (await cli.RunAsync(new CronLockInvocation(["--status", "--key", "percona_prod"]).WithEnvironment("CRONLOCK_PREFIX", prefix)))
                .ShouldExitWith(200);
            Assert.Contains($", reason: {Reason}", text.StandardOutput, StringComparison.Ordinal);

            var json = CliLockStatus.Parse((await cli.RunAsync(
                new CronLockInvocation(["--status", "--json", "--key", "percona_prod"]).WithEnvironment("CRONLOCK_PREFIX", prefix))).ShouldExitWith(200));
            Assert.Equal(Reason, json.Reason);
            Assert.Equal(token, json.HolderId);

            var list = (await cli.RunAsync(new CronLockInvocation(["--list"]).WithEnvironment("CRONLOCK_PREFIX", prefix))).ShouldExitWith(0);
            var line = Assert.Single(list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(prefix + "percona_prod", line, StringComparison.Ordinal);
            Assert.Contains($"reason: {Reason}", line, StringComparison.Ordinal);
        }
        finally
        {
            await cli.RunAsync(new CronLockInvocation(["--unlock", token, "--key", "percona_prod"]).WithEnvironment("CRONLOCK_PREFIX", prefix));
        }
    }

    [Fact]
    public async Task Acquire_WithReasonVariable_StoresItAndTheFlagBeatsIt()
    {
        var fromVariable = new SplitModeCli(redis.Endpoint, TestNames.Key("variable"));
        var fromFlag = new SplitModeCli(redis.Endpoint, TestNames.Key("flag"));
        var tokens = new List<(SplitModeCli Cli, string Token)>();
        try
        {
            tokens.Add((fromVariable, SplitModeCli.TokenOf((await fromVariable.RunAsync(
                new CronLockInvocation(["--acquire", "--key", fromVariable.Key, "--release", "60"]).WithEnvironment("CRONLOCK_REASON", "from the variable")))
                .ShouldExitWith(0))));
            tokens.Add((fromFlag, SplitModeCli.TokenOf((await fromFlag.RunAsync(
                new CronLockInvocation(["--acquire", "--key", fromFlag.Key, "--release", "60", "--reason", "from the flag"])
                    .WithEnvironment("CRONLOCK_REASON", "from the variable")))
                .ShouldExitWith(0))));

            Assert.Equal("from the variable", (await fromVariable.StatusJsonAsync()).Reason);
            Assert.Equal("from the flag", (await fromFlag.StatusJsonAsync()).Reason);
        }
        finally
        {
            foreach (var (cli, token) in tokens)
            {
                await cli.UnlockAsync(token);
            }
        }
    }

    [Fact]
    public async Task Unlock_WithAWrongToken_Exits204AndLeavesTheLockIntact()
    {
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var db = redis.Database();
        var token = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60", "--reason", "maintenance")).ShouldExitWith(0));
        try
        {
            var value = (string?)await db.StringGetAsync(cli.LockKey);

            // Someone else's token, a made-up one, and this holder's token with one character changed.
            foreach (var wrong in new[] { "otherhost:4242:0123456789abcdef", "not-a-token", token[..^1] + (token[^1] == '0' ? '1' : '0') })
            {
                var refused = (await cli.UnlockAsync(wrong)).ShouldExitWith(204);
                Assert.True(refused.StandardErrorLines.Length == 1, $"A refused --unlock explains itself in one line.\n{refused}");
            }

            Assert.Equal(value, (string?)await db.StringGetAsync(cli.LockKey));
            var ttl = await db.KeyTimeToLiveAsync(cli.LockKey);
            Assert.True(ttl > TimeSpan.FromSeconds(50), $"The lock's TTL became {ttl} after refused unlocks.");
            var status = await cli.StatusJsonAsync();
            Assert.Equal(token, status.HolderId);
            Assert.Equal("maintenance", status.Reason);
            (await cli.AcquireAsync("--release", "60")).ShouldExitWith(200);
        }
        finally
        {
            await cli.UnlockAsync(token);
        }
    }

    [Fact]
    public async Task Unlock_WithTheRightToken_Exits0AndFreesTheLock()
    {
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var token = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60")).ShouldExitWith(0));

        (await cli.UnlockAsync(token)).ShouldExitWith(0);

        await LockAssertions.AssertAbsentAsync(redis.Database(), cli.LockKey, "--unlock with the holder's token gives the lock back");
        Assert.Equal("free", (await cli.StatusJsonAsync()).State);
        (await cli.StatusAsync()).ShouldExitWith(0);
        // Given back means free for the next --acquire; the old token no longer holds anything.
        var next = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60")).ShouldExitWith(0));
        Assert.NotEqual(token, next);
        (await cli.UnlockAsync(token)).ShouldExitWith(204);
        (await cli.UnlockAsync(next)).ShouldExitWith(0);
    }

    [Fact]
    public async Task AcquireAndUnlock_ByCommand_UseTheCommandsKeyAndNeverRunIt()
    {
        using var workspace = Workspace.Create();
        var command = Jobs.AppendLine(workspace.PathOf("ran"));
        var key = ExpectedKey.ForArguments(command);
        var db = redis.Database();
        var cli = new SplitModeCli(redis.Endpoint, "unused");

        var token = SplitModeCli.TokenOf((await cli.RunAsync(new CronLockInvocation(["--acquire", "--release", "60", .. command]))).ShouldExitWith(0));
        try
        {
            Assert.True(await db.KeyExistsAsync(key), $"--acquire with a command should lock md5 of that command ('{key}').");
            Assert.Empty(workspace.LinesOf("ran"));
            (await cli.RunAsync(new CronLockInvocation(command))).ShouldExitWith(200);
            Assert.Empty(workspace.LinesOf("ran"));
        }
        finally
        {
            (await cli.RunAsync(new CronLockInvocation(["--unlock", token, .. command]))).ShouldExitWith(0);
        }

        await LockAssertions.AssertAbsentAsync(db, key, "--unlock with the same command gives that command's lock back");
        Assert.Empty(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Acquire_NeverUnlocked_LockExpiresAfterRelease()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var db = redis.Database();

        // --grace 1 keeps this test about RELEASE alone (GRACE must not exceed RELEASE; its default is 40).
        var token = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "2", "--grace", "1")).ShouldExitWith(0));
        var clock = Stopwatch.StartNew();
        var ttl = await db.KeyTimeToLiveAsync(cli.LockKey);
        Assert.True(ttl is { } t && t <= TimeSpan.FromSeconds(2) && t > TimeSpan.Zero, $"Expected a TTL of at most RELEASE (2 s), got {ttl}.");

        await Poll.UntilAsync(async () => !await db.KeyExistsAsync(cli.LockKey), TimeSpan.FromSeconds(6),
            "the never-unlocked lock to expire after RELEASE (2 s)", cancellationToken);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"The lock vanished after {clock.Elapsed}, well before RELEASE.");

        (await cli.UnlockAsync(token)).ShouldExitWith(204);
        (await cli.AcquireAsync("--release", "2", "--grace", "1")).ShouldExitWith(0);
    }

    [Fact]
    public async Task Acquire_WithReleaseBelowTheDefaultGrace_IsAcceptedAndLocksForRelease()
    {
        // GRACE only shapes how a finished job leaves its lock; --acquire runs no job, so RELEASE alone bounds the
        // lock, as dlock's -expire does. `cronlock --acquire --key report --release 5` is the documented gate.
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());

        var acquired = (await cli.AcquireAsync("--release", "5")).ShouldExitWith(0);
        var token = SplitModeCli.TokenOf(acquired);

        var ttl = await redis.Database().KeyTimeToLiveAsync(cli.LockKey);
        Assert.True(ttl is { } t && t <= TimeSpan.FromSeconds(5) && t > TimeSpan.FromSeconds(2), $"Expected a TTL of RELEASE (5 s), got {ttl}.");
        (await cli.UnlockAsync(token)).ShouldExitWith(0);
    }

    [Fact]
    public async Task Acquire_WithWait_GetsTheLockOnceTheHolderUnlocks()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var first = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60")).ShouldExitWith(0));

        await using var waiter = cli.Start(new CronLockInvocation(["--acquire", "--key", cli.Key, "--release", "60"]).WithEnvironment("CRONLOCK_WAIT", "20"));
        string second;
        try
        {
            // Not a sync point: only proves the waiter neither took the held lock nor gave up at once.
            await Task.Delay(TimeSpan.FromMilliseconds(700), cancellationToken);
            if (waiter.HasExited)
            {
                Assert.Fail($"--acquire with CRONLOCK_WAIT=20 exited while the lock was held.\n{await waiter.WaitAsync(cancellationToken: cancellationToken)}");
            }

            var freed = Stopwatch.StartNew();
            (await cli.UnlockAsync(first)).ShouldExitWith(0);
            var result = (await waiter.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken)).ShouldExitWith(0);
            Assert.True(freed.Elapsed < TimeSpan.FromSeconds(5), $"The waiter took {freed.Elapsed} to notice the free lock.");
            second = SplitModeCli.TokenOf(result);
        }
        finally
        {
            await cli.UnlockAsync(first);
        }

        Assert.NotEqual(first, second);
        Assert.Equal(second, (await cli.StatusJsonAsync()).HolderId);
        (await cli.UnlockAsync(second)).ShouldExitWith(0);
    }

    [Fact]
    public async Task Acquire_WithWaitShorterThanTheHold_Exits200AfterWaiting()
    {
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var first = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60")).ShouldExitWith(0));
        try
        {
            var result = (await cli.RunAsync(new CronLockInvocation(["--acquire", "--key", cli.Key, "--release", "60"])
                .WithEnvironment("CRONLOCK_WAIT", "1"))).ShouldExitWith(200);

            Assert.True(result.Duration >= TimeSpan.FromSeconds(0.9), $"CRONLOCK_WAIT=1 gave up after {result.Duration}.\n{result}");
            Assert.True(result.StandardOutput.Length == 0, $"A refused --acquire must print no token.\n{result}");
            Assert.Equal(first, (await cli.StatusJsonAsync()).HolderId);
        }
        finally
        {
            await cli.UnlockAsync(first);
        }
    }
}
