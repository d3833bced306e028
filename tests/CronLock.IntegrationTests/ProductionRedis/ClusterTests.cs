namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// Redis Cluster (3 masters, made with redis-cli --cluster create): with CRONLOCK_CLUSTER=yes every lock lands on
/// the node that owns its slot, whichever node cronlock was pointed at; the companion keys share that slot, so every
/// script is single-slot; and a slot that moves mid-run is followed.
/// </summary>
public sealed class ClusterTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Runs_WithKeysOnEveryNode_AllRunAndLockOnTheOwningNode()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var seed = cluster.Nodes[0];

        // Two keys per master, all started from one seed node: two thirds need a redirect to another node.
        var keys = new List<(string Id, RedisServer Owner)>();
        foreach (var node in cluster.Nodes)
        {
            for (var i = 0; i < 2; i++)
            {
                keys.Add((await cluster.KeyOwnedByAsync(node), node));
            }
        }

        var results = await Task.WhenAll(keys.Select(k => RunAsync(seed, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf(k.Id)))
            .WithEnvironment("CRONLOCK_KEY", k.Id)
            .WithEnvironment("CRONLOCK_CLUSTER", "yes"))));

        foreach (var (result, (id, owner)) in results.Zip(keys))
        {
            result.ShouldExitWith(0);
            Assert.Single(workspace.LinesOf(id));
            var lockKey = ExpectedKey.DefaultPrefix + id;
            Assert.Contains(lockKey, await RedisCluster.KeysInSlotAsync(owner, await cluster.SlotOfAsync(lockKey)));
        }
    }

    [Fact]
    public async Task TenConcurrentRuns_OfOneJob_ThroughDifferentNodes_ExactlyOneRuns()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var invocation = new CronLockInvocation(Jobs.AppendLineThenSleep(workspace.PathOf("ran"), "1.5"))
            .WithEnvironment("CRONLOCK_CLUSTER", "yes")
            .FailingFast(redisTimeoutSeconds: 10);

        var runs = new List<CronLockRun>();
        CronLockResult[] results;
        try
        {
            for (var i = 0; i < 10; i++)
            {
                runs.Add(CronLockProcess.Start(cluster.Nodes[i % cluster.Nodes.Count].Endpoint, invocation));
            }

            results = await Task.WhenAll(runs.Select(r => r.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken)));
        }
        finally
        {
            foreach (var run in runs)
            {
                await run.DisposeAsync();
            }
        }

        var summary = "exit codes: " + string.Join(", ", results.Select(r => r.ExitCode)) + "\n" + string.Join("\n", results.Where(r => r.ExitCode is not (0 or 200)).Take(3));
        Assert.True(results.Count(r => r.ExitCode == 0) == 1, $"Expected exactly one exit 0.\n{summary}");
        Assert.True(results.Count(r => r.ExitCode == 200) == 9, $"Expected 9 × exit 200.\n{summary}");
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Run_InCluster_PutsEveryCompanionKeyInTheLockKeysSlotOnItsNode()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var owner = cluster.Nodes[2];
        var id = await cluster.KeyOwnedByAsync(owner);
        var lockKey = ExpectedKey.DefaultPrefix + id;

        var result = await RunAsync(cluster.Nodes[0], new CronLockInvocation(Jobs.ExitWith(3, id))
            .WithEnvironment("CRONLOCK_KEY", id)
            .WithEnvironment("CRONLOCK_CLUSTER", "yes")
            .WithEnvironment("CRONLOCK_GRACE", "30"));

        result.ShouldExitWith(3);
        var slot = await cluster.SlotOfAsync(lockKey);
        var onOwner = await RedisCluster.KeysInSlotAsync(owner, slot);
        foreach (var key in new[] { lockKey, $"{{{lockKey}}}:holder", $"{{{lockKey}}}:fence", $"{{{lockKey}}}:last" })
        {
            Assert.Equal(slot, await cluster.SlotOfAsync(key));
            Assert.True(onOwner.Contains(key), $"'{key}' is not on the slot's node; it holds: {string.Join(", ", onOwner)}.\n{result}");
        }
    }

    [Theory]
    [InlineData("a}b")]
    [InlineData("}")]
    [InlineData("{}x")]
    [InlineData("x{}y{z}")]
    [InlineData("}{")]
    [InlineData("ключ}")]
    public async Task Run_WithACloseBraceOutsideAHashTag_RunsOnceAndAConcurrentRunExits200(string key)
    {
        // The key's '}' would end a tag wrapped around it early: the companions take a counted tag in the key's slot.
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var held = new HeldJob(workspace);
        var invocation = new CronLockInvocation(held.InlineArguments(key))
            .WithEnvironment(held.Environment)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_CLUSTER", "yes")
            .WithEnvironment("CRONLOCK_GRACE", "30")
            .FailingFast(redisTimeoutSeconds: 5);

        await using var first = CronLockProcess.Start(cluster.Nodes[0].Endpoint, invocation);
        await held.WaitStartedAsync(first, cancellationToken);
        CronLockResult second;
        try
        {
            second = await RunAsync(cluster.Nodes[1], invocation);
        }
        finally
        {
            held.Release();
        }

        var ran = await first.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);

        ran.ShouldExitWith(0);
        second.ShouldExitWith(200);

        // Documented layout: '{' before the key, "~N" before its first '}'.
        var close = lockKey.IndexOf('}', StringComparison.Ordinal);
        var slot = await cluster.SlotOfAsync(lockKey);
        var onOwner = await RedisCluster.KeysInSlotAsync(await cluster.OwnerOfAsync(lockKey), slot);
        Assert.Contains(lockKey, onOwner);
        foreach (var suffix in new[] { ":holder", ":fence", ":last" })
        {
            Assert.True(
                onOwner.Any(k => k.StartsWith("{" + lockKey[..close] + "~", StringComparison.Ordinal) && k.EndsWith(lockKey[close..] + suffix, StringComparison.Ordinal)),
                $"No '{suffix}' companion of '{lockKey}' in its slot {slot} on its node; it holds: {string.Join(", ", onOwner)}.\n{ran}");
        }
    }

    [Fact]
    public async Task StatusListAndReset_InCluster_FindTheLockWhereverItLives()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var id = await cluster.KeyOwnedByAsync(cluster.Nodes[1]);
        var lockKey = ExpectedKey.DefaultPrefix + id;
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        CronLockInvocation InCluster(params string[] arguments) => new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_KEY", id)
            .WithEnvironment("CRONLOCK_CLUSTER", "yes")
            .WithEnvironment("CRONLOCK_GRACE", "30");

        (await RunAsync(cluster.Nodes[0], InCluster(job))).ShouldExitWith(0);
        var status = (await RunAsync(cluster.Nodes[2], InCluster(["--status", "--", .. job]))).ShouldExitWith(200);
        Assert.Contains(lockKey, status.StandardOutput, StringComparison.Ordinal);
        var list = (await RunAsync(cluster.Nodes[0], InCluster("--list"))).ShouldExitWith(0);
        Assert.Contains(lockKey, list.StandardOutput, StringComparison.Ordinal);
        (await RunAsync(cluster.Nodes[2], InCluster(["--reset", "--", .. job]))).ShouldExitWith(200);
        await LockAssertions.AssertAbsentAsync(cluster.Database, lockKey, "--reset deleted it");
    }

    [Fact]
    public async Task Run_WithoutClusterSetting_DetectsTheCluster_RunsOnceAndLocksOnTheOwner()
    {
        // Not told it is a cluster, cronlock learns it from the handshake (HELLO says so) and connects as to a
        // cluster: pointed at a node that does not own the key, it still takes the lock on the owner, once.
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var id = await cluster.KeyOwnedByAsync(cluster.Nodes[1]);
        var lockKey = ExpectedKey.DefaultPrefix + id;
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_KEY", id)
            .WithEnvironment("CRONLOCK_GRACE", "30");

        var first = await RunAsync(cluster.Nodes[0], invocation);
        var second = await RunAsync(cluster.Nodes[2], invocation);

        output.WriteLine($"Without CRONLOCK_CLUSTER, on a node not owning the slot:\n{first}");
        first.ShouldExitWith(0);
        second.ShouldExitWith(200);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.Contains(lockKey, await RedisCluster.KeysInSlotAsync(cluster.Nodes[1], await cluster.SlotOfAsync(lockKey)));
    }

    [Fact]
    public async Task Run_WithoutClusterSetting_AgainstTheOwningNode_RunsTheJob()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var id = await cluster.KeyOwnedByAsync(cluster.Nodes[0]);

        var result = await RunAsync(cluster.Nodes[0], new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran"))).WithEnvironment("CRONLOCK_KEY", id));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await cluster.Database.KeyExistsAsync(ExpectedKey.DefaultPrefix + id), $"No lock.\n{result}");
    }

    [Fact]
    public async Task Run_WhenTheLockSlotMovesMidRun_FollowsItAndLeavesTheLockOnTheNewNode()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var (from, to) = (cluster.Nodes[1], cluster.Nodes[2]);
        var id = await cluster.KeyOwnedByAsync(from);
        var lockKey = ExpectedKey.DefaultPrefix + id;
        var slot = await cluster.SlotOfAsync(lockKey);
        var held = new HeldJob(workspace);
        var invocation = new CronLockInvocation(held.InlineArguments(id))
            .WithEnvironment(held.Environment)
            .WithEnvironment("HELD_JOB_EXIT", "5")
            .WithEnvironment("CRONLOCK_KEY", id)
            .WithEnvironment("CRONLOCK_CLUSTER", "yes")
            .WithEnvironment("CRONLOCK_GRACE", "30")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes")
            .FailingFast();

        await using var run = CronLockProcess.Start(cluster.Nodes[0].Endpoint, invocation);
        await held.WaitStartedAsync(run, cancellationToken);
        try
        {
            await cluster.MoveSlotAsync(slot, from, to);
            held.Release();
            var result = await run.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);

            result.ShouldExitWith(5);
            var onNewOwner = await RedisCluster.KeysInSlotAsync(to, slot);
            Assert.True(onNewOwner.Contains(lockKey) && onNewOwner.Contains($"{{{lockKey}}}:last"),
                $"The lock was not left (kept for GRACE, last run recorded) on the slot's new node; it holds: {string.Join(", ", onNewOwner)}.\n{result}");
            Assert.DoesNotContain("no longer ours", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            // The other tests expect the slot map they started with.
            await cluster.MoveSlotAsync(slot, to, from);
        }
    }

    private static Task<CronLockResult> RunAsync(RedisServer seed, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(seed.Endpoint, invocation.FailingFast(redisTimeoutSeconds: 5), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
