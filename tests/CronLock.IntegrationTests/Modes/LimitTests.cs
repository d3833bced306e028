using System.Globalization;
using CronLock.IntegrationTests.Safety;

namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// CRONLOCK_LIMIT / --limit N: up to N runs hold the lock at once, each with its own place and fencing token;
/// the next exits 200. --status lists every holder, --list counts them, --dry-run compares, RESET frees all,
/// a dead holder's place frees when its RELEASE or LEASE runs out, and a plain run sees the lock held.
/// </summary>
public sealed class LimitTests(RedisFixture redis)
{
    [Fact]
    public async Task FiftyConcurrentRuns_WithLimit3_NeverMoreThanThreeAtOnce_TheRestExit200()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var invocation = new CronLockInvocation(LimitRuns.Job(workspace))
            .WithEnvironment("CRONLOCK_KEY", TestNames.Key())
            .WithEnvironment("CRONLOCK_LIMIT", "3");

        var results = await LimitRuns.RunAllAsync([redis.Endpoint], invocation, 50, TimeSpan.FromSeconds(60), cancellationToken);

        var summary = LimitRuns.Summary(results);
        var ran = results.Count(r => r.ExitCode == 0);
        Assert.True(ran is > 1 and <= 3, $"Expected 2 or 3 runs (GRACE keeps each place 40s).\n{summary}");
        Assert.True(results.Count(r => r.ExitCode == 200) == 50 - ran, $"Expected every other run to exit 200.\n{summary}");
        Assert.Equal(ran, workspace.LinesOf("ran").Length);
        Assert.InRange(LimitRuns.MostAtOnce(workspace), 2, 3);
    }

    [Fact]
    public async Task RunsThatWait_WithLimit3AndNoGrace_AllRun_NeverMoreThanThreeAtOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var invocation = new CronLockInvocation(LimitRuns.Job(workspace))
            .WithEnvironment("CRONLOCK_KEY", TestNames.Key())
            .WithEnvironment("CRONLOCK_LIMIT", "3")
            .WithEnvironment("CRONLOCK_GRACE", "0")
            .WithEnvironment("CRONLOCK_WAIT", "90");

        var results = await LimitRuns.RunAllAsync([redis.Endpoint], invocation, 10, TimeSpan.FromSeconds(120), cancellationToken);

        Assert.True(results.All(r => r.ExitCode == 0), LimitRuns.Summary(results));
        Assert.Equal(10, workspace.LinesOf("ran").Length);
        Assert.InRange(LimitRuns.MostAtOnce(workspace), 2, 3);
    }

    [Fact]
    public async Task ThreeHolders_FourthExits200_StatusListsThemAll_ListCounts_DryRunSaysOverTheLimit_ResetFreesAll()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        CronLockInvocation Limited(params string[] arguments) =>
            new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_KEY", key).WithEnvironment("CRONLOCK_LIMIT", "3");
        Task<CronLockResult> RunAsync(CronLockInvocation invocation) => CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add((await RunAsync(Limited("--acquire", "job.sh"))).ShouldExitWith(0).StandardOutput.Trim());
        }

        (await RunAsync(Limited("--acquire", "job.sh"))).ShouldExitWith(200);
        (await RunAsync(Limited("true"))).ShouldExitWith(200);
        (await RunAsync(new CronLockInvocation(["true"]).WithEnvironment("CRONLOCK_KEY", key))).ShouldExitWith(200);

        var status = (await RunAsync(Limited("--status"))).ShouldExitWith(200).StandardOutput;
        Assert.StartsWith($"{lockKey}: held by 3/3 holders (CRONLOCK_LIMIT)", status, StringComparison.Ordinal);
        Assert.Equal(3, status.Split('\n').Count(line => line.StartsWith("  holder ", StringComparison.Ordinal)));
        var json = StatusJson.Single((await RunAsync(Limited("--status", "--json"))).ShouldExitWith(200));
        var holders = json.Root.GetProperty("holders").EnumerateArray().ToList();
        Assert.Equal(3, holders.Count);
        Assert.Equal(3, holders.Select(h => h.GetProperty("fencing_token").GetInt64()).Distinct().Count());
        Assert.Equal(tokens.Order(), holders.Select(h => h.GetProperty("holder_id").GetString()!).Order());
        Assert.Equal(3, json.Number("limit"));
        Assert.Equal("held", json.String("state"));

        var list = (await RunAsync(new CronLockInvocation(["--list"]).WithEnvironment("CRONLOCK_PREFIX", lockKey))).ShouldExitWith(0).StandardOutput;
        Assert.Contains($"{lockKey}\theld by 3/3 holders", list, StringComparison.Ordinal);
        Assert.DoesNotContain(":holders", list, StringComparison.Ordinal);

        var dryRun = (await RunAsync(Limited("--dry-run", "true"))).ShouldExitWith(200).StandardOutput;
        Assert.Contains("over the limit (3 of 3 held", dryRun, StringComparison.Ordinal);
        var wider = (await RunAsync(Limited("--dry-run", "true").WithEnvironment("CRONLOCK_LIMIT", "4"))).ShouldExitWith(0).StandardOutput;
        Assert.Contains("3 of 4 held", wider, StringComparison.Ordinal);

        (await RunAsync(Limited("--unlock", tokens[1]))).ShouldExitWith(0);
        (await RunAsync(Limited("--unlock", tokens[1]))).ShouldExitWith(204);
        var fourth = (await RunAsync(Limited("--acquire", "job.sh"))).ShouldExitWith(0).StandardOutput.Trim();
        Assert.DoesNotContain(fourth, tokens);

        (await RunAsync(Limited("--reset", "job.sh"))).ShouldExitWith(200);
        Assert.StartsWith($"{lockKey}: free", (await RunAsync(Limited("--status"))).StandardOutput, StringComparison.Ordinal);
        (await RunAsync(Limited("--unlock", tokens[0]))).ShouldExitWith(204);
        (await RunAsync(Limited("true"))).ShouldExitWith(0);
    }

    [Fact]
    public async Task DeadHolders_PlacesFree_WhenTheirReleaseOrLeaseRunsOut()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();
        CronLockInvocation Limited(params string[] arguments) =>
            new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_KEY", key).WithEnvironment("CRONLOCK_LIMIT", "2");
        Task<CronLockResult> RunAsync(CronLockInvocation invocation) => CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        // One place taken for 3 seconds and never given back; the other by a run that is killed, with a 3-second lease.
        (await RunAsync(Limited("--acquire", "job.sh").WithEnvironment("CRONLOCK_RELEASE", "3"))).ShouldExitWith(0);
        await using var run = CronLockProcess.Start(redis.Endpoint, Limited("sleep", "60").WithEnvironment("CRONLOCK_LEASE", "3"));
        await Poll.UntilAsync(
            async () => (await RunAsync(Limited("--status"))).StandardOutput.Contains("2/2 holders", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the run to take the second place", cancellationToken);
        System.Diagnostics.Process.GetProcessById(run.ProcessId).Kill();
        (await RunAsync(Limited("true"))).ShouldExitWith(200);

        await Poll.UntilAsync(
            async () => (await RunAsync(Limited("--dry-run", "true"))).ExitCode == 0,
            TimeSpan.FromSeconds(15), "a place to free", cancellationToken);
        (await RunAsync(Limited("--acquire", "job.sh").WithEnvironment("CRONLOCK_RELEASE", "60"))).ShouldExitWith(0);
        (await RunAsync(Limited("--acquire", "job.sh").WithEnvironment("CRONLOCK_RELEASE", "60"))).ShouldExitWith(0);
        (await RunAsync(Limited("true"))).ShouldExitWith(200);
        (await RunAsync(Limited("--reset", "job.sh"))).ShouldExitWith(200);
    }

    [Fact]
    public async Task Lease_IsRenewedPerHolder_AndAResetMidRun_IsALostLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();
        CronLockInvocation Limited(params string[] arguments) => new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_KEY", key).WithEnvironment("CRONLOCK_LIMIT", "2").WithEnvironment("CRONLOCK_LEASE", "3");

        // The job outlasts its lease twice over: only renewal keeps its place.
        await using var renewed = CronLockProcess.Start(redis.Endpoint, Limited("sleep", "7"));
        await using var lost = CronLockProcess.Start(redis.Endpoint, Limited("sleep", "60"));
        await Poll.UntilAsync(
            async () => (await CronLockProcess.RunAsync(redis.Endpoint, Limited("--status"), cancellationToken: cancellationToken)).StandardOutput.Contains("2/2 holders", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "both runs to take a place", cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(4.5), cancellationToken);
        var status = await CronLockProcess.RunAsync(redis.Endpoint, Limited("--status"), cancellationToken: cancellationToken);
        Assert.Contains("2/2 holders", status.StandardOutput, StringComparison.Ordinal);

        (await CronLockProcess.RunAsync(redis.Endpoint, Limited("--reset", "job.sh"), cancellationToken: cancellationToken)).ShouldExitWith(200);

        (await lost.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken)).ShouldExitWith(203);
        (await renewed.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken)).ShouldExitWith(203);
    }

    [Fact]
    public async Task PlainHolder_TakesEveryPlace_AndLimitWithRedlock_IsRefused()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();
        var plain = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--acquire", "job.sh"]).WithEnvironment("CRONLOCK_KEY", key), cancellationToken: cancellationToken);
        plain.ShouldExitWith(0);

        var limited = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["true"]).WithEnvironment("CRONLOCK_KEY", key).WithEnvironment("CRONLOCK_LIMIT", "5"), cancellationToken: cancellationToken);
        limited.ShouldExitWith(200);
        (await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--unlock", plain.StandardOutput.Trim()]).WithEnvironment("CRONLOCK_KEY", key), cancellationToken: cancellationToken)).ShouldExitWith(0);

        var redlock = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["true"])
            .WithEnvironment("CRONLOCK_LIMIT", "2")
            .WithEnvironment("CRONLOCK_HOST", null)
            .WithEnvironment("CRONLOCK_PORT", null)
            .WithEnvironment("CRONLOCK_HOSTS", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{redis.Endpoint.Port},127.0.0.1:1,127.0.0.1:2")), cancellationToken: cancellationToken);
        redlock.ShouldExitWith(201);
        Assert.Equal("error: CRONLOCK_LIMIT (2) cannot be used with CRONLOCK_HOSTS (Redlock): use one Redis, Sentinel or a Cluster", BadInputTests.MessageOf(Assert.Single(redlock.StandardErrorLines)));
    }
}
