using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// <c>cronlock --status [command…]</c> / <c>--status --key X</c>: who holds the lock and how the last run ended, as
/// text or one JSON object. Exit 0 when free, 200 when held, so scripts can branch on it.
/// </summary>
public sealed class StatusTests(RedisFixture redis)
{
    [Fact]
    public async Task Status_OfAFreeLock_Exits0AndSaysFree()
    {
        var key = TestNames.Key();

        var text = await StatusAsync(CronLockInvocation.Of("--status", "--key", key));
        var json = await StatusAsync(CronLockInvocation.Of("--status", "--json", "--key", key));

        text.ShouldExitWith(0);
        Assert.Contains("free", text.StandardOutput, StringComparison.Ordinal);
        json.ShouldExitWith(0);
        var status = StatusJson.Single(json);
        Assert.Equal(ExpectedKey.DefaultPrefix + key, status.String("key"));
        Assert.Equal("free", status.String("state"));
        Assert.False(status.Has("holder"), $"A free lock has a holder: {status}");
        Assert.False(status.Has("expires_at"), $"A free lock has an expiry: {status}");
    }

    [Fact]
    public async Task Status_WhileAJobRuns_Exits200AndNamesTheHolder()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new HeldJob(workspace);
        var arguments = job.InlineArguments(workspace.Directory);
        var lockKey = ExpectedKey.ForArguments(arguments);
        var db = redis.Database();
        var invocation = new CronLockInvocation(arguments).WithEnvironment(job.Environment).WithEnvironment("CRONLOCK_RELEASE", "600");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await job.WaitStartedAsync(run, cancellationToken);
        try
        {
            var stored = await LockState.ReadAsync(db, lockKey);
            var now = await ServerClock.NowAsync(db);
            var pid = run.ProcessId.ToString(CultureInfo.InvariantCulture);
            var token = stored.Fence!.Value.ToString(CultureInfo.InvariantCulture);

            // The command form derives the same key as the run: an operator pastes the crontab line after --status.
            var text = await StatusAsync(new CronLockInvocation(["--status", .. arguments]));
            var json = await StatusAsync(new CronLockInvocation(["--status", "--json", .. arguments]));

            text.ShouldExitWith(200);
            Assert.Contains(lockKey, text.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(Environment.MachineName, text.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"pid {pid}", text.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"fencing token {token}", text.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("TTL", text.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("held-job", text.StandardOutput, StringComparison.Ordinal);

            json.ShouldExitWith(200);
            var status = StatusJson.Single(json);
            Assert.Equal(lockKey, status.String("key"));
            Assert.Equal("held", status.String("state"));
            Assert.Equal(stored.ExpirySecond, status.Time("expires_at"));
            Assert.InRange(status.Number("ttl_seconds") ?? -1, 590, 601);
            Assert.Equal(Environment.MachineName, status.String("holder", "host"));
            Assert.Equal(run.ProcessId, status.Number("holder", "pid"));
            Assert.InRange(status.Time("holder", "started") ?? 0, now - 15, now);
            Assert.Equal(string.Join(' ', arguments), status.String("holder", "command"));
            Assert.Equal(stored.Fence, status.Number("holder", "fencing_token"));
            Assert.Equal(stored.Holder["id"], status.String("holder", "holder_id"));
            Assert.Contains(pid, status.String("holder", "holder_id") ?? "", StringComparison.Ordinal);
            Assert.False(status.Has("holder", "finished"), $"The job still runs: {status}");
            Assert.Equal(stored.Fence, status.Number("fencing_token"));
        }
        finally
        {
            job.Release();
        }

        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
    }

    [Fact]
    public async Task Status_AfterTheJobEnded_ReportsTheLastRunAndTheGraceHold()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();
        var invocation = new CronLockInvocation(Jobs.ExitWith(3, key)).WithEnvironment("CRONLOCK_KEY", key).WithEnvironment("CRONLOCK_GRACE", "30");
        var before = await ServerClock.NowAsync(redis.Database());
        var ran = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);
        ran.ShouldExitWith(3);
        var after = await ServerClock.NowAsync(redis.Database());

        var text = await StatusAsync(CronLockInvocation.Of("--status", "--key", key));
        var json = await StatusAsync(CronLockInvocation.Of("--status", "--json", "--key", key));

        // Held for GRACE after the job: a run now would exit 200.
        text.ShouldExitWith(200);
        Assert.Contains("last run:", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("exit code 3", text.StandardOutput, StringComparison.Ordinal);
        json.ShouldExitWith(200);
        var status = StatusJson.Single(json);
        Assert.Equal("held", status.String("state"));
        Assert.InRange(status.Time("holder", "finished") ?? 0, before, after);
        Assert.Equal(3, status.Number("last_run", "exit_code"));
        Assert.Equal(Environment.MachineName, status.String("last_run", "host"));
        Assert.InRange(status.Time("last_run", "started") ?? 0, before, after);
        Assert.InRange(status.Time("last_run", "ended") ?? 0, before, after);
        Assert.InRange(status.Number("last_run", "duration_seconds") ?? -1, 0, after - before);
        Assert.Equal(status.Number("fencing_token"), status.Number("last_run", "fencing_token"));
        Assert.Equal(string.Join(' ', Jobs.ExitWith(3, key)), status.String("last_run", "command"));
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("list")]
    [InlineData("set")]
    [InlineData("zset")]
    [InlineData("stream")]
    public async Task Status_OfAKeyThatIsNotALock_Exits200AndSaysWhatItIs(string type)
    {
        // Some application's data under the lock's name: a run cannot take it (exit 201), so --status says 200.
        var key = TestNames.Key(type);
        var lockKey = ExpectedKey.DefaultPrefix + key;
        await NotALock.CreateAsync(redis.Database(), lockKey, type);

        var text = await StatusAsync(CronLockInvocation.Of("--status", "--key", key));
        var json = await StatusAsync(CronLockInvocation.Of("--status", "--json", "--key", key));

        text.ShouldExitWith(200);
        Assert.Equal($"{lockKey}: not a lock (a {type})\n", text.StandardOutput);
        json.ShouldExitWith(200);
        var status = StatusJson.Single(json);
        Assert.Equal(lockKey, status.String("key"));
        Assert.Equal("not_a_lock", status.String("state"));
        Assert.Equal(type, status.String("key_type"));
        await NotALock.AssertIntactAsync(redis.Database(), lockKey, type);
    }

    private Task<CronLockResult> StatusAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);
}
