using System.Globalization;
using System.Text.RegularExpressions;
using CronLock.IntegrationTests.Safety;

namespace CronLock.IntegrationTests.Messages;

/// <summary>
/// What a run says about the lock itself, in CronLock's words: Redis lost under a running job, a key that holds no
/// lock's time, a reset that found nothing, a wait.
/// </summary>
public sealed partial class LockMessageTests(RedisFixture redis)
{
    [Fact]
    public async Task RedisLostWhileTheJobRuns_SaysSoAndUntilWhenTheLockStays()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var job = new HeldJob(workspace);
        var invocation = new CronLockInvocation(job.InlineArguments(TestNames.Key()))
            .WithEnvironment(job.Environment).WithEnvironment("CRONLOCK_REDIS_TIMEOUT", "2");
        var taken = await ServerClock.NowAsync(server.Database());

        await using var run = CronLockProcess.Start(server.Endpoint, invocation);
        await job.WaitStartedAsync(run, cancellationToken);
        await server.KillAsync();
        job.Release();
        var result = await run.WaitAsync(cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains("the connection to Redis is lost; the lock stays until ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("at the latest (CRONLOCK_RELEASE)", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("backlog", result.StandardError, StringComparison.Ordinal);
        var until = DateTimeOffset.ParseExact(UtcTime().Match(result.StandardError).Value, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        Assert.InRange(until.ToUnixTimeSeconds() - taken, 86400 - 5, 86401 + 5);
    }

    [Fact]
    public async Task KeyHoldingAWord_WarnsOncePerRun_AndStatusShowsTheWayOut()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var lockKey = ExpectedKey.ForArguments(arguments);
        await redis.Database().StringSetAsync(lockKey, "hello");

        var plain = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(arguments), cancellationToken: cancellationToken);
        var waiting = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_WAIT", "2"),
            cancellationToken: cancellationToken);
        var status = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--status", .. arguments]), cancellationToken: cancellationToken);

        foreach (var result in new[] { plain, waiting })
        {
            result.ShouldExitWith(200);
            Assert.True(result.StandardErrorLines.Length == 1, $"Expected one warning line.\n{result}");
            Assert.Contains($"warning: lock {lockKey} holds a value that is not a lock's expiry time", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("CRONLOCK_RESET=yes deletes it", result.StandardError, StringComparison.Ordinal);
        }

        status.ShouldExitWith(200);
        Assert.Contains("no run takes this lock while it exists (it has no TTL): CRONLOCK_RESET=yes deletes it", status.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Equal("hello", (string?)await redis.Database().StringGetAsync(lockKey));
    }

    [Fact]
    public async Task ResetWithNoLock_SaysNothingToReset()
    {
        var key = TestNames.Key();
        var result = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--reset", "--", "true"])
            .WithEnvironment("CRONLOCK_KEY", key).WithEnvironment("CRONLOCK_VERBOSE", "yes"), cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(200);
        Assert.Contains($"reset: no lock {ExpectedKey.DefaultPrefix}{key}, nothing to reset", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("deleted", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_SaysOnceThatItWaits_HowLong_AndThatGraceStillBlocks()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var db = redis.Database();
        await db.StringSetAsync(ExpectedKey.ForArguments(arguments), (await ServerClock.NowAsync(db) + 120).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(120));

        var result = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_WAIT", "3").WithEnvironment("CRONLOCK_VERBOSE", "yes"), cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        var waitLines = result.StandardErrorLines.Where(l => l.Contains("held elsewhere", StringComparison.Ordinal)).ToList();
        Assert.True(waitLines.Count == 2, $"Expected one line when the wait starts and one when it ends.\n{result}");
        Assert.Contains("waiting up to 3s (CRONLOCK_WAIT) for it; a holder whose job has finished still holds it for its GRACE", waitLines[0], StringComparison.Ordinal);
        Assert.Contains("still held elsewhere after waiting 3s: giving up", waitLines[1], StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")]
    private static partial Regex UtcTime();
}
