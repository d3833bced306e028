using CronLock.IntegrationTests.Safety;

namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// --pause / --resume against a real Redis: a paused job exits 200 on every run and runs nothing, resumes by
/// itself after --for, --all pauses every job under the prefix, a running job goes on, and --status, --list,
/// --json and --dry-run show the pause. Each test has its own prefix: --all would pause other tests' jobs.
/// </summary>
public sealed class PauseTests(RedisFixture redis)
{
    private static CronLockInvocation Under(string prefix, params string[] arguments) =>
        new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_PREFIX", prefix).WithEnvironment("CRONLOCK_GRACE", "0");

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Pause_ThenRun_Exits200_RunningNothing_SayingWhyWithVerbose_ThenResume_Runs()
    {
        using var workspace = Workspace.Create();
        var prefix = TestNames.Key() + ".";
        var job = Jobs.AppendLine(workspace.PathOf("ran"));

        var paused = (await RunAsync(Under(prefix, ["--pause", "--reason", "db migration", "--", .. job]))).ShouldExitWith(0);
        var run = (await RunAsync(Under(prefix, ["--verbose", .. job]))).ShouldExitWith(200);

        Assert.Contains("paused by " + Environment.MachineName, paused.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Contains(run.StandardErrorLines, line => line.Contains($"paused by {Environment.MachineName}", StringComparison.Ordinal)
            && line.Contains("until --resume: db migration", StringComparison.Ordinal));
        (await RunAsync(Under(prefix, ["--acquire", "--", .. job]))).ShouldExitWith(200);

        (await RunAsync(Under(prefix, ["--resume", "--", .. job]))).ShouldExitWith(0);
        (await RunAsync(Under(prefix, job))).ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task PauseFor_EndsByItself_ByRedissClock()
    {
        using var workspace = Workspace.Create();
        var prefix = TestNames.Key() + ".";
        var job = Jobs.AppendLine(workspace.PathOf("ran"));

        (await RunAsync(Under(prefix, ["--pause", "--for", "2", "--key", "k"]))).ShouldExitWith(0);
        (await RunAsync(Under(prefix, ["--key", "k", .. job]))).ShouldExitWith(200);
        var ttl = await redis.Database().KeyTimeToLiveAsync("{" + prefix + "k}:paused");
        Assert.True(ttl is { TotalSeconds: > 0 and <= 2 }, $"The pause key's TTL is {ttl}.");

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        (await RunAsync(Under(prefix, ["--key", "k", .. job]))).ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task PauseAll_PausesEveryJobUnderThePrefix_NotOthers_UntilResumeAll()
    {
        using var workspace = Workspace.Create();
        var prefix = TestNames.Key() + ".";

        (await RunAsync(Under(prefix, "--pause", "--all", "--reason", "incident"))).ShouldExitWith(0);
        (await RunAsync(Under(prefix, Jobs.AppendLine(workspace.PathOf("a"))))).ShouldExitWith(200);
        (await RunAsync(Under(prefix, ["--key", "b", .. Jobs.AppendLine(workspace.PathOf("b"))]))).ShouldExitWith(200);
        (await RunAsync(Under(prefix + "other.", Jobs.AppendLine(workspace.PathOf("c"))))).ShouldExitWith(0);
        Assert.Empty(workspace.LinesOf("a"));
        Assert.Empty(workspace.LinesOf("b"));

        (await RunAsync(Under(prefix, "--resume", "--all"))).ShouldExitWith(0);
        (await RunAsync(Under(prefix, Jobs.AppendLine(workspace.PathOf("a"))))).ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("a"));
    }

    [Fact]
    public async Task Pause_DoesNotStopARunAlreadyGoing_TheNextRunExits200()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var prefix = TestNames.Key() + ".";
        var job = new HeldJob(workspace);
        var arguments = job.InlineArguments(workspace.Directory);

        await using var running = CronLockProcess.Start(redis.Endpoint, Under(prefix, arguments).WithEnvironment(job.Environment));
        await job.WaitStartedAsync(running, cancellationToken);
        (await RunAsync(Under(prefix, ["--pause", "--", .. arguments]))).ShouldExitWith(0);
        job.Release();

        (await running.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
        (await RunAsync(Under(prefix, arguments).WithEnvironment(job.Environment))).ShouldExitWith(200);
    }

    [Fact]
    public async Task StatusListJsonAndDryRun_ShowThePauses()
    {
        var prefix = TestNames.Key() + ".";
        (await RunAsync(Under(prefix, "--pause", "--for", "10m", "--reason", "deploy", "--key", "k"))).ShouldExitWith(0);

        var status = (await RunAsync(Under(prefix, "--status", "--key", "k"))).ShouldExitWith(0);
        Assert.Contains($"paused by {Environment.MachineName}", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(": deploy", status.StandardOutput, StringComparison.Ordinal);
        var json = StatusJson.Single((await RunAsync(Under(prefix, "--status", "--json", "--key", "k"))).ShouldExitWith(0));
        Assert.Equal(Environment.MachineName, json.String("paused", "host"));
        Assert.Equal("deploy", json.String("paused", "reason"));
        Assert.True(json.Time("paused", "until") - json.Time("paused", "since") is 600);
        var list = (await RunAsync(Under(prefix, "--list"))).ShouldExitWith(0);
        Assert.StartsWith($"{prefix}k\tfree\tpaused by {Environment.MachineName}", list.StandardOutput, StringComparison.Ordinal);
        var dryRun = (await RunAsync(Under(prefix, "--dry-run", "--key", "k", "true"))).ShouldExitWith(200);
        Assert.StartsWith("dry run: would not run, paused (exit 200)", dryRun.StandardOutput, StringComparison.Ordinal);

        (await RunAsync(Under(prefix, "--pause", "--all", "--reason", "incident"))).ShouldExitWith(0);
        var all = (await RunAsync(Under(prefix, "--list", "--json"))).ShouldExitWith(0);
        var lines = all.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(StatusJson.Parse).ToList();
        Assert.Equal("paused_all", lines[0].String("state"));
        Assert.Equal("incident", lines[0].String("paused", "reason"));
        Assert.Contains(lines, l => l.String("key") == prefix + "k" && l.String("paused", "reason") == "deploy");
        (await RunAsync(Under(prefix, "--resume", "--all"))).ShouldExitWith(0);
        (await RunAsync(Under(prefix, "--resume", "--key", "k"))).ShouldExitWith(0);
        Assert.Empty((await RunAsync(Under(prefix, "--list"))).ShouldExitWith(0).StandardOutput);
    }

    [Theory]
    [InlineData("--for", "2x")]
    [InlineData("--for", "0")]
    public async Task BadFor_Exits201_InOneLineNamingTheSetting(string flag, string value)
    {
        var result = (await RunAsync(Under(TestNames.Key() + ".", "--pause", flag, value, "--key", "k"))).ShouldExitWith(201);

        var line = Assert.Single(result.StandardErrorLines);
        Assert.Contains("--for (or CRONLOCK_PAUSE_FOR)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--status")]
    [InlineData("--reset")]
    [InlineData("--acquire")]
    [InlineData("--dry-run")]
    public async Task Pause_WithAnotherMode_Exits201(string mode)
    {
        (await RunAsync(Under(TestNames.Key() + ".", "--pause", mode, "--key", "k"))).ShouldExitWith(201);
    }
}
