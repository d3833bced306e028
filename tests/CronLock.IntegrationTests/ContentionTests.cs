namespace CronLock.IntegrationTests;

/// <summary>Many "servers" firing the same cron line at once: exactly one runs it.</summary>
public sealed class ContentionTests(RedisFixture redis)
{
    [Fact]
    public async Task TwentyConcurrentRuns_OfOneJob_ExactlyOneRunsAndNineteenExit200()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var invocation = new CronLockInvocation(Jobs.AppendLineThenSleep(workspace.PathOf("ran"), "1.5"));

        var results = await RunConcurrentlyAsync(invocation, 20, cancellationToken);

        var summary = Summarize(results);
        Assert.True(results.Count(r => r.ExitCode == 0) == 1, $"Expected exactly one exit 0.\n{summary}");
        Assert.True(results.Count(r => r.ExitCode == 200) == 19, $"Expected 19 × exit 200.\n{summary}");
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task ConcurrentRuns_OnAStaleKey_ExactlyOneTakesItOver()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLineThenSleep(workspace.PathOf("ran"), "1");
        var key = ExpectedKey.ForArguments(arguments);
        // What an old cronlock leaves behind: an expiry time in the past and no TTL.
        await redis.Database().StringSetAsync(key, (UnixTime.Floor - 3600).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var results = await RunConcurrentlyAsync(new CronLockInvocation(arguments), 10, cancellationToken);

        var summary = Summarize(results);
        Assert.True(results.Count(r => r.ExitCode == 0) == 1, $"Expected exactly one exit 0.\n{summary}");
        Assert.True(results.Count(r => r.ExitCode == 200) == 9, $"Expected 9 × exit 200.\n{summary}");
        Assert.Single(workspace.LinesOf("ran"));
    }

    private async Task<CronLockResult[]> RunConcurrentlyAsync(CronLockInvocation invocation, int count, CancellationToken cancellationToken)
    {
        var runs = new List<CronLockRun>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                runs.Add(CronLockProcess.Start(redis.Endpoint, invocation));
            }

            return await Task.WhenAll(runs.Select(r => r.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken)));
        }
        finally
        {
            foreach (var run in runs)
            {
                await run.DisposeAsync();
            }
        }
    }

    private static string Summarize(IEnumerable<CronLockResult> results) =>
        "exit codes: " + string.Join(", ", results.GroupBy(r => r.ExitCode).OrderBy(g => g.Key).Select(g => $"{g.Key} × {g.Count()}")) +
        "\n" + string.Join("\n", results.Where(r => r.ExitCode is not (0 or 200)).Take(3));
}
