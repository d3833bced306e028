namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// Gate mode, dlock's <c>dlock -name X -expire N &amp;&amp; job</c>: <c>cronlock --acquire --key X --release N &amp;&amp; job</c>
/// lets exactly one of many hosts through, and keeps the gate shut for N seconds even after the job finished.
/// </summary>
public sealed class GateModeTests(RedisFixture redis)
{
    private const string Gate = "cronlock --acquire --key \"$GATE_KEY\" --release 5 && echo ran";

    [Fact]
    public async Task Gate_FromSixConcurrentShells_ExactlyOneRunsItsJob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string> { ["GATE_KEY"] = TestNames.Key("report") };

        var shells = Enumerable.Range(0, 6).Select(_ => ShellScript.Start(redis.Endpoint, Gate, environment)).ToList();
        ToolResult[] results;
        try
        {
            results = await Task.WhenAll(shells.Select(s => ToolProcess.WaitAsync(s, TimeSpan.FromSeconds(30), cancellationToken)));
        }
        finally
        {
            shells.ForEach(s => s.Dispose());
        }

        var summary = string.Join("\n", results.Select(r => r.ToString()));
        Assert.True(results.SelectMany(r => r.OutputLines).Count(l => l == "ran") == 1, $"Expected exactly one 'ran'.\n{summary}");
        Assert.True(results.Count(r => r.ExitCode == 0) == 1, $"Expected one shell to exit 0.\n{summary}");
        Assert.True(results.Count(r => r.ExitCode == 200) == 5, $"Expected five shells to see cronlock's 200 (held elsewhere).\n{summary}");
    }

    [Fact]
    public async Task Gate_AfterTheJobFinished_StaysShutUntilReleaseThenOpensAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key("report");
        var environment = new Dictionary<string, string> { ["GATE_KEY"] = key };

        var first = await ShellScript.RunAsync(redis.Endpoint, Gate, environment, cancellationToken);
        Assert.True(first.ExitCode == 0 && first.OutputLines.Contains("ran"), $"The first gate should open.\n{first}");

        // The job is long done, but the gate stays shut: a host whose cron fires late must not run it again.
        var late = await ShellScript.RunAsync(redis.Endpoint, Gate, environment, cancellationToken);
        Assert.True(late.ExitCode == 200 && !late.OutputLines.Contains("ran"), $"The gate opened again within RELEASE.\n{late}");

        await Poll.UntilAsync(async () => !await redis.Database().KeyExistsAsync(ExpectedKey.DefaultPrefix + key), TimeSpan.FromSeconds(8),
            "the gate's lock to expire after RELEASE (5 s)", cancellationToken);
        var next = await ShellScript.RunAsync(redis.Endpoint, Gate, environment, cancellationToken);
        Assert.True(next.ExitCode == 0 && next.OutputLines.Contains("ran"), $"The gate should open once RELEASE passed.\n{next}");
    }
}
