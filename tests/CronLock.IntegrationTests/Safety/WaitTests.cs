using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>CRONLOCK_WAIT=N: a held lock is waited for up to N seconds with sparse, jittered polls, then 200.</summary>
public sealed class WaitTests(RedisFixture redis)
{
    [Fact]
    public async Task Wait_WhenTheLockIsFreedInTime_RunsTheJob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var lockKey = ExpectedKey.ForArguments(arguments);
        await db.StringSetAsync(lockKey, (await ServerClock.NowAsync(db) + 120).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(120));
        var invocation = new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_WAIT", "20").WithEnvironment("CRONLOCK_VERBOSE", "yes");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await run.WaitForLogAsync("held elsewhere", TimeSpan.FromSeconds(10), cancellationToken);
        await db.KeyDeleteAsync(lockKey);
        var result = await run.WaitAsync(cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Wait_WhenTheLockStaysHeld_Exits200AfterTheWaitWithoutBusyPolling()
    {
        const int wait = 3;
        var cancellationToken = TestContext.Current.CancellationToken;
        // The server's command counters are the evidence of how often cronlock asked: a server of its own.
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        using var workspace = Workspace.Create();
        var db = server.Database();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var lockKey = ExpectedKey.ForArguments(arguments);
        await db.StringSetAsync(lockKey, (await ServerClock.NowAsync(db) + 120).ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(120));
        await db.ExecuteAsync("CONFIG", "RESETSTAT");

        var result = await CronLockProcess.RunAsync(server.Endpoint,
            new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_WAIT", wait.ToString(CultureInfo.InvariantCulture)), cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(result.Duration >= TimeSpan.FromSeconds(wait - 0.1), $"cronlock gave up before CRONLOCK_WAIT ({wait} s).\n{result}");
        Assert.True(result.Duration < TimeSpan.FromSeconds(wait + 2.5), $"cronlock waited well past CRONLOCK_WAIT ({wait} s).\n{result}");
        var scripts = ScriptCalls((string?)await db.ExecuteAsync("INFO", "commandstats") ?? "");
        Assert.True(scripts is > 1 and <= 20, $"cronlock ran its acquire script {scripts} times in {wait} s: expected a few polls, not a busy loop.");
    }

    /// <summary>EVAL + EVALSHA calls from an INFO commandstats reply ("cmdstat_evalsha:calls=7,...").</summary>
    private static long ScriptCalls(string commandStats) =>
        commandStats.Split('\n')
            .Where(l => l.StartsWith("cmdstat_eval:", StringComparison.Ordinal) || l.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal))
            .Sum(l => long.Parse(l.Split("calls=")[1].Split(',')[0], NumberStyles.None, CultureInfo.InvariantCulture));
}
