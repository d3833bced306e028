using CronLock.IntegrationTests.Safety;

namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// Redlock (CRONLOCK_HOSTS) over three independent redis-server masters: the lock needs a majority,
/// so with one master down runs still work, and with two down cronlock exits 201 without running
/// the job. Renewal needs a majority too: a lock that only a minority still holds is lost.
/// </summary>
public sealed class RedlockTests
{
    [Fact]
    public async Task AllMastersUp_ConcurrentRunsRunOnce_AndTheLockIsKeptOnAMajority()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var masters = await Masters.StartAsync(cancellationToken);
        var invocation = masters.Invocation(Jobs.AppendLineThenSleep(workspace.PathOf("ran"), "1.5"));

        var runs = Enumerable.Range(0, 6).Select(_ => CronLockProcess.Start(masters.Servers[0].Endpoint, invocation)).ToList();
        var results = new List<CronLockResult>();
        foreach (var run in runs)
        {
            await using (run)
            {
                results.Add(await run.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken));
            }
        }

        Assert.Single(results, r => r.ExitCode == 0);
        Assert.Equal(5, results.Count(r => r.ExitCode == 200));
        Assert.Single(workspace.LinesOf("ran"));
        // The winner may hold two of the three: a contender can take the third and give it back.
        var lockKey = ExpectedKey.ForArguments(invocation.Arguments);
        var holding = 0;
        foreach (var server in masters.Servers)
        {
            holding += await server.Database().KeyExistsAsync(lockKey) ? 1 : 0;
        }

        Assert.True(holding >= 2, $"The lock (kept for GRACE) is on {holding} of 3 masters: not a majority.");
    }

    [Fact]
    public async Task OneOfThreeMastersDown_StillRuns_AndWarnsAboutTheMissingMaster()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var masters = await Masters.StartAsync(cancellationToken);
        await masters.Servers[1].KillAsync();

        var result = await CronLockProcess.RunAsync(masters.Servers[0].Endpoint, masters.Invocation(Jobs.AppendLine(workspace.PathOf("ran"))),
            TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.Contains(result.StandardErrorLines, line => line.Contains("Redlock master unreachable", StringComparison.Ordinal)
            && line.Contains($":{masters.Servers[1].Endpoint.Port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoOfThreeMastersDown_Exits201_AndNeverRunsTheJob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var masters = await Masters.StartAsync(cancellationToken);
        await masters.Servers[1].KillAsync();
        await masters.Servers[2].KillAsync();

        var result = await CronLockProcess.RunAsync(masters.Servers[0].Endpoint, masters.Invocation(Jobs.AppendLine(workspace.PathOf("ran"))),
            TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Contains("only 1 of 3 masters reachable", result.StandardErrorLines[^1], StringComparison.Ordinal);
        var lockKey = ExpectedKey.ForArguments(Jobs.AppendLine(workspace.PathOf("ran")));
        Assert.False(await masters.Servers[0].Database().KeyExistsAsync(lockKey), "No lock may be left on the one reachable master.");
    }

    [Fact]
    public async Task Lease_OneMasterDownAndTheKeyLostOnAnother_StopsTheJobAndExits203()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var masters = await Masters.StartAsync(cancellationToken);
        await masters.Servers[2].KillAsync();
        var key = TestNames.Key();
        var job = new JobWithGrandchild(workspace, "redlock-minority-job");
        var invocation = masters.Invocation(job.Arguments)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LEASE", "3");

        await using var run = CronLockProcess.Start(masters.Servers[0].Endpoint, invocation);
        try
        {
            await job.WaitStartedAsync(run, cancellationToken);
            await LoseTheLockOnAsync(masters.Servers[1], ExpectedKey.DefaultPrefix + key);

            // Only the first master still holds the lock: one of three, while a majority of the masters (the
            // second and the third, once back) would now grant it to another host.
            var result = await run.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);

            result.ShouldExitWith(203);
            await job.WaitGoneAsync("the job of a lock held on a minority of masters", cancellationToken);
            Assert.Contains(result.StandardErrorLines, line => line.Contains("lock lost", StringComparison.Ordinal)
                && line.Contains("1 of 3", StringComparison.Ordinal));
        }
        finally
        {
            job.KillAll();
        }
    }

    [Fact]
    public async Task Lease_KeyLostOnTwoOfThreeMastersWithOnLostWarn_LetsTheJobFinishAndWarns()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var masters = await Masters.StartAsync(cancellationToken);
        await masters.Servers[2].KillAsync();
        var key = TestNames.Key();
        var job = new HeldJob(workspace);
        var invocation = masters.Invocation(job.InlineArguments(workspace.Directory))
            .WithEnvironment(job.Environment)
            .WithEnvironment("HELD_JOB_EXIT", "5")
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LEASE", "3")
            .WithEnvironment("CRONLOCK_ON_LOST", "warn");

        await using var run = CronLockProcess.Start(masters.Servers[0].Endpoint, invocation);
        try
        {
            await job.WaitStartedAsync(run, cancellationToken);
            await LoseTheLockOnAsync(masters.Servers[1], ExpectedKey.DefaultPrefix + key);
            await run.WaitForLogAsync("the lock was lost", TimeSpan.FromSeconds(15), cancellationToken);
        }
        finally
        {
            job.Release();
        }

        var result = await run.WaitAsync(cancellationToken: cancellationToken);

        result.ShouldExitWith(5);
        Assert.Contains(result.StandardErrorLines, line => line.Contains("warning: the lock was lost", StringComparison.Ordinal));
    }

    /// <summary>What a master restarted without persistence has: no lock, no holder record.</summary>
    private static async Task LoseTheLockOnAsync(RedisServer master, string lockKey)
    {
        var db = master.Database();
        Assert.True(await db.KeyExistsAsync(lockKey), $"The run did not lock '{lockKey}' on {master.Endpoint}.");
        await db.KeyDeleteAsync([lockKey, $"{{{lockKey}}}:holder"]);
    }

    /// <summary>Three independent masters and the invocation that names them all.</summary>
    private sealed class Masters(IReadOnlyList<RedisServer> servers) : IAsyncDisposable
    {
        public IReadOnlyList<RedisServer> Servers { get; } = servers;

        public static async Task<Masters> StartAsync(CancellationToken cancellationToken) =>
            new(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RedisServer.StartAsync(cancellationToken: cancellationToken))));

        public CronLockInvocation Invocation(IReadOnlyList<string> job) =>
            new CronLockInvocation(job).WithoutHostAndPort()
                .WithEnvironment("CRONLOCK_HOSTS", string.Join(',', Servers.Select(s => $"{s.Endpoint.Host}:{s.Endpoint.Port}")))
                .FailingFast();

        public async ValueTask DisposeAsync()
        {
            foreach (var server in Servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
