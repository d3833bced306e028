using System.Globalization;
using CronLock.IntegrationTests.Safety;

namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// <c>--dry-run</c> / CRONLOCK_DRY_RUN: connect, read the lock read-only, print what a run would do and exit with the
/// code that run would have had (0 would run, 200 held, 201 error). Nothing is written to Redis, nothing is run.
/// </summary>
public sealed class DryRunTests(RedisFixture redis)
{
    /// <summary>Commands that change keys; none may reach Redis in a dry run (scripts' own calls count too).</summary>
    private static readonly string[] WriteCommands =
        ["set", "setex", "getset", "getdel", "del", "unlink", "incr", "incrby", "hset", "hdel", "hmset", "expire", "expireat", "pexpire", "pexpireat", "persist", "rename"];

    [Fact]
    public async Task DryRun_OfAFreeLock_Exits0_SaysItWouldRun_WritingNothingAndRunningNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var db = server.Database();
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var lockKey = ExpectedKey.ForArguments(arguments);
        await db.ExecuteAsync("CONFIG", "RESETSTAT");

        var result = await CronLockProcess.RunAsync(server.Endpoint, new CronLockInvocation(["--dry-run", .. arguments]), cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        var line = Assert.Single(result.StandardOutput.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("dry run: would run (exit 0): " + lockKey + ": free; a run would take it", line, StringComparison.Ordinal);
        Assert.Contains("append-line", line, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
        await AssertNothingWrittenAsync(db, lockKey);
    }

    [Fact]
    public async Task DryRun_WhileAJobRuns_Exits200_NamingTheHolder_AndLeavesTheLockAsItWas()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new HeldJob(workspace);
        var arguments = job.InlineArguments(workspace.Directory);
        var lockKey = ExpectedKey.ForArguments(arguments);
        var db = redis.Database();

        await using var run = CronLockProcess.Start(redis.Endpoint, new CronLockInvocation(arguments).WithEnvironment(job.Environment).WithEnvironment("CRONLOCK_RELEASE", "600"));
        await job.WaitStartedAsync(run, cancellationToken);
        var before = await LockState.ReadAsync(db, lockKey);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var text = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--dry-run", .. arguments]), cancellationToken: cancellationToken);
        var json = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--dry-run", "--json", .. arguments]), cancellationToken: cancellationToken);

        (await LockState.ReadAsync(db, lockKey)).AssertUnchangedSince(before, clock.Elapsed, "The dry run changed the held lock.");
        text.ShouldExitWith(200);
        Assert.Contains("would not run", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"held by {Environment.MachineName} pid {run.ProcessId.ToString(CultureInfo.InvariantCulture)} since", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("a run would exit 200 and run nothing", text.StandardOutput, StringComparison.Ordinal);
        json.ShouldExitWith(200);
        var report = StatusJson.Single(json);
        Assert.Equal(lockKey, report.String("key"));
        Assert.Equal("held", report.String("would"));
        Assert.Equal(200, report.Number("exit_code"));
        Assert.Equal("held", report.String("lock", "state"));
        Assert.Equal(run.ProcessId, report.Number("lock", "holder", "pid"));
        job.Release();
        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
    }

    [Theory]
    [InlineData(120, 200, "held by a foreign holder")]
    [InlineData(-5, 0, "its time has passed, so a run would take it over")]
    public async Task DryRun_OfAGolockValue_ComparesItsTimeWithRedissClock(int secondsFromNow, int code, string expected)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        await db.StringSetAsync(lockKey, (await ServerClock.NowAsync(db) + secondsFromNow).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(120));
        var before = await LockState.ReadAsync(db, lockKey);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--dry-run", "--key", key, "true"), cancellationToken: cancellationToken);

        result.ShouldExitWith(code);
        Assert.Contains(expected, result.StandardOutput, StringComparison.Ordinal);
        (await LockState.ReadAsync(db, lockKey)).AssertUnchangedSince(before, clock.Elapsed, "The dry run changed the lock.");
    }

    [Fact]
    public async Task DryRun_OfAKeyThatIsNotALock_Exits201_AndLeavesItIntact()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var db = redis.Database();
        var key = TestNames.Key();
        await NotALock.CreateAsync(db, ExpectedKey.DefaultPrefix + key, "hash");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--dry-run", "--json", "--key", key, "true"), cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        var report = StatusJson.Single(result);
        Assert.Equal("error", report.String("would"));
        Assert.Equal(201, report.Number("exit_code"));
        Assert.Equal("not_a_lock", report.String("lock", "state"));
        await NotALock.AssertIntactAsync(db, ExpectedKey.DefaultPrefix + key, "hash");
    }

    [Fact]
    public async Task DryRun_WhenRedisIsUnreachable_IsTheRunsError_201()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var invocation = CronLockInvocation.Of("--dry-run", "--key", TestNames.Key(), "true")
            .WithEnvironment("CRONLOCK_PORT", FreePort.Next().ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(result.StandardOutput);
        Assert.Single(result.StandardErrorLines);
    }

    [Theory]
    [InlineData("--status", "--dry-run cannot be combined with --status")]
    [InlineData("--list", "--dry-run cannot be combined with --list")]
    [InlineData("--acquire", "--dry-run cannot be combined with --acquire")]
    [InlineData("--reset", "--dry-run cannot be combined with --reset")]
    public async Task DryRun_WithAnotherMode_IsOneLine_201(string mode, string error)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var result = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--dry-run", mode, "--key", TestNames.Key(), "true"), cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        Assert.Contains(error, Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_WithUnlock_IsOneLine_201()
    {
        var result = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--unlock", "token", "--key", TestNames.Key()).WithEnvironment("CRONLOCK_DRY_RUN", "yes"),
            cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(201);
        Assert.Contains("--dry-run cannot be combined with --unlock", Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
    }

    private static async Task AssertNothingWrittenAsync(IDatabase db, string lockKey)
    {
        var commands = (string?)await db.ExecuteAsync("INFO", "commandstats") ?? "";
        var writes = WriteCommands.Where(c => commands.Contains($"cmdstat_{c}:", StringComparison.Ordinal)).ToList();
        Assert.True(writes.Count == 0, $"The dry run sent write commands: {string.Join(", ", writes)}\n{commands}");
        Assert.Contains("cmdstat_eval", commands, StringComparison.Ordinal); // it did read, with the status script
        Assert.Equal(0L, (long)await db.ExecuteAsync("DBSIZE"));
        Assert.False(await db.KeyExistsAsync(lockKey));
        Assert.False(await db.KeyExistsAsync(LockState.FenceKey(lockKey)));
        Assert.False(await db.KeyExistsAsync(LockState.HolderKey(lockKey)));
    }
}
