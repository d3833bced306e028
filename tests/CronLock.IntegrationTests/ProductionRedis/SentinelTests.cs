namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// Redis behind Sentinel (1 master, 1 replica, 3 sentinels, quorum 2; all with passwords): cronlock asks the
/// sentinels for the master, and the lock follows a failover without ever letting a second host run the job.
/// </summary>
public sealed class SentinelTests(SentinelFixture sentinel, ITestOutputHelper output) : IClassFixture<SentinelFixture>
{
    [Fact]
    public async Task Run_ThroughSentinels_RunsTheJobAndLocksOnTheMaster()
    {
        Assert.SkipWhen(sentinel.SkipReason is not null, sentinel.SkipReason ?? "");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var group = sentinel.Group;
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(group, new CronLockInvocation(arguments).ThroughSentinels(group).FailingFast());

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        var key = ExpectedKey.ForArguments(arguments);
        Assert.True(await group.Master.Database().KeyExistsAsync(key), $"No lock on the master.\n{result}");
        await Poll.UntilAsync(() => group.Replica.Database().KeyExistsAsync(key), TimeSpan.FromSeconds(5), "the lock to reach the replica", cancellationToken);
    }

    [Fact]
    public async Task Run_WithBashCronlockSentinelVariables_RunsTheJob()
    {
        Assert.SkipWhen(sentinel.SkipReason is not null, sentinel.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var group = sentinel.Group;
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var one = group.Sentinels[1].Endpoint;

        // bash cronlock's spelling: one sentinel, named by CRONLOCK_SENTINEL_HOST / _PORT.
        var result = await RunAsync(group, new CronLockInvocation(arguments)
            .WithoutHostAndPort()
            .WithEnvironment("CRONLOCK_USE_SENTINEL", "yes")
            .WithEnvironment("CRONLOCK_SENTINEL_HOST", one.Host)
            .WithEnvironment("CRONLOCK_SENTINEL_PORT", one.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_AUTH", group.MasterPassword)
            .WithEnvironment("CRONLOCK_SENTINEL_AUTH", group.SentinelPassword)
            .FailingFast());

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await group.Master.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the master.\n{result}");
    }

    [Fact]
    public async Task Run_ThroughSentinelsWithMinReplicas1_RunsTheJob()
    {
        Assert.SkipWhen(sentinel.SkipReason is not null, sentinel.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var group = sentinel.Group;
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(group, new CronLockInvocation(arguments).ThroughSentinels(group).WithEnvironment("CRONLOCK_MIN_REPLICAS", "1").FailingFast());

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Run_ThroughSentinels_KeepsBothPasswordsFromTheJobAndTheLog()
    {
        Assert.SkipWhen(sentinel.SkipReason is not null, sentinel.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var group = sentinel.Group;

        var result = await RunAsync(group, new CronLockInvocation(TargetInvocations.DumpEnvironment(workspace.PathOf("env")))
            .ThroughSentinels(group)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes")
            .FailingFast());

        result.ShouldExitWith(0);
        var environment = File.ReadAllLines(workspace.PathOf("env"));
        foreach (var secret in new[] { group.MasterPassword, group.SentinelPassword })
        {
            Assert.DoesNotContain(environment, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, result.StandardError, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(environment, line => line.StartsWith("CRONLOCK_AUTH=", StringComparison.Ordinal));
        Assert.DoesNotContain(environment, line => line.StartsWith("CRONLOCK_SENTINEL_AUTH=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sentinel")]
    [InlineData("master")]
    public async Task Run_ThroughSentinelsWithWrongPassword_Exits201AtOnceWithoutAnyPassword(string wrongOne)
    {
        Assert.SkipWhen(sentinel.SkipReason is not null, sentinel.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var group = sentinel.Group;
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");

        var result = await RunAsync(group, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .ThroughSentinels(group)
            .WithEnvironment(wrongOne == "sentinel" ? "CRONLOCK_SENTINEL_AUTH" : "CRONLOCK_AUTH", wrong)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes")
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "5")
            .WithEnvironment("CRONLOCK_RECONNECT_BACKOFF", "5"));

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        foreach (var secret in new[] { wrong, group.MasterPassword, group.SentinelPassword })
        {
            Assert.DoesNotContain(secret, result.StandardError, StringComparison.Ordinal);
        }

        Assert.True(result.Duration < TimeSpan.FromSeconds(6), $"A wrong password should fail at once, took {result.Duration.TotalSeconds:0.00} s.\n{result}");
    }

    [Fact]
    public async Task Run_WhenFailoverIsForcedMidRun_JobFinishesWithItsCodeAndNoOtherHostRunsItMeanwhile()
    {
        Assert.SkipWhen(sentinel.SkipReason is not null, sentinel.SkipReason ?? "");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        // This test fails its group over and kills a server: its own group, not the shared one.
        await using var group = await SentinelGroup.StartAsync(cancellationToken);
        var held = new HeldJob(workspace);
        var arguments = held.InlineArguments(TestNames.Key());
        var key = ExpectedKey.ForArguments(arguments);
        var first = new CronLockInvocation(arguments)
            .ThroughSentinels(group)
            .WithEnvironment(held.Environment)
            .WithEnvironment("HELD_JOB_EXIT", "7")
            .WithEnvironment("CRONLOCK_MIN_REPLICAS", "1")
            .WithEnvironment("CRONLOCK_GRACE", "1")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes")
            .FailingFast();

        await using var firstRun = CronLockProcess.Start(group.Master.Endpoint, first);
        await held.WaitStartedAsync(firstRun, cancellationToken);

        // An operator's failover: the replica is promoted, every sentinel names it; then the old master dies.
        await group.FailoverAsync(cancellationToken);
        await group.Master.KillAsync();
        Assert.True(await group.Replica.Database().KeyExistsAsync(key), "The promoted replica lost the lock that MIN_REPLICAS=1 confirmed.");

        // A second host's cron fires now, while the first host's job still runs.
        var second = await CronLockProcess.RunAsync(group.Replica.Endpoint, new CronLockInvocation(arguments)
            .ThroughSentinels(group)
            .WithEnvironment("HELD_JOB_STARTED", workspace.PathOf("second.started"))
            .WithEnvironment("HELD_JOB_GO", held.GoFile)
            .WithEnvironment("CRONLOCK_MIN_REPLICAS", "1")
            .FailingFast(), TimeSpan.FromSeconds(20), cancellationToken);

        held.Release();
        var firstResult = await firstRun.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);

        second.ShouldExitWith(200);
        Assert.False(File.Exists(workspace.PathOf("second.started")), $"The second host ran the job during the failover.\n{second}");
        firstResult.ShouldExitWith(7);
        var lastRun = await group.Replica.Database().HashGetAllAsync($"{{{key}}}:last");
        output.WriteLine($"The first run, across the failover:\n{firstResult.StandardError}");
        output.WriteLine($"Last run recorded on the new master: {string.Join(", ", lastRun.Select(e => $"{e.Name}={e.Value}"))}");
    }

    private static Task<CronLockResult> RunAsync(SentinelGroup group, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(group.Master.Endpoint, invocation, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
