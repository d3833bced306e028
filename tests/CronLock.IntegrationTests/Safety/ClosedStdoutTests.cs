using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// The modes that answer on stdout, run with stdout closed (<c>cronlock --status job &gt;&amp;-</c>): one line saying
/// stdout could not be written, exit 201. <c>--acquire</c> also gives the lock back: nobody could unlock it without
/// the token it failed to print.
/// </summary>
public sealed class ClosedStdoutTests(RedisFixture redis)
{
    [Theory]
    [InlineData("--status", "the status (--status)")]
    [InlineData("--list", "the list (--list)")]
    public async Task Report_WithStdoutClosed_Exits201SayingStdoutCannotBeWritten(string mode, string what)
    {
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        await redis.Database().StringSetAsync(lockKey, (UnixTime.Floor + 300).ToString(CultureInfo.InvariantCulture), TimeSpan.FromMinutes(5));
        var invocation = mode == "--list"
            ? CronLockInvocation.Of(mode).WithEnvironment("CRONLOCK_PREFIX", lockKey)
            : CronLockInvocation.Of(mode, "--key", key);

        var result = await RunWithStdoutClosedAsync(invocation);

        result.ShouldExitWith(201);
        var line = Assert.Single(result.StandardErrorLines);
        Assert.Contains($"cannot write {what} to stdout: it is closed or not writable", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_WithStdoutClosed_Exits201AndGivesTheLockBack()
    {
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;

        var result = await RunWithStdoutClosedAsync(CronLockInvocation.Of("--acquire", "--key", key));

        result.ShouldExitWith(201);
        var line = Assert.Single(result.StandardErrorLines);
        Assert.Contains("cannot write the holder token (--acquire) to stdout: it is closed or not writable; gave the lock back", line, StringComparison.Ordinal);
        await LockAssertions.AssertAbsentAsync(redis.Database(), lockKey, "a lock whose token was never printed must be given back");
        Assert.False(await redis.Database().KeyExistsAsync(LockState.HolderKey(lockKey)), "The holder record was left behind.");
    }

    /// <summary>cronlock exec'd by a shell that closed its stdout first, as <c>cronlock … &gt;&amp;-</c> in a crontab does.</summary>
    private Task<CronLockResult> RunWithStdoutClosedAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint,
            invocation with { Executable = new CronLockExecutable("/bin/sh", ["-c", "exec \"$0\" \"$@\" >&-", CronLockBinary.Path]) },
            cancellationToken: TestContext.Current.CancellationToken);
}
