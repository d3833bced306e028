namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// --pause / --resume on a 3-master Redis Cluster: a job's pause shares its lock's slot and rides in the acquire;
/// the pause of everything under the prefix lives in another slot and is read beside the acquire, whichever node
/// owns each lock. A run that took the lock while the global pause stood gives it straight back.
/// </summary>
public sealed class ClusterPauseTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task PauseOfOneJob_OnAnotherNode_StopsItsRunsFromAnyNode_UntilResume()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var prefix = TestNames.Key() + ".";
        var id = await cluster.KeyOwnedByAsync(cluster.Nodes[1], prefix);
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        CronLockInvocation InCluster(params string[] arguments) => new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_PREFIX", prefix).WithEnvironment("CRONLOCK_KEY", id).WithEnvironment("CRONLOCK_CLUSTER", "yes").WithEnvironment("CRONLOCK_GRACE", "0");

        (await RunAsync(cluster.Nodes[0], InCluster("--pause", "--reason", "maintenance"))).ShouldExitWith(0);
        (await RunAsync(cluster.Nodes[2], InCluster(job))).ShouldExitWith(200);
        (await RunAsync(cluster.Nodes[1], InCluster(job))).ShouldExitWith(200);
        var status = (await RunAsync(cluster.Nodes[2], InCluster("--status"))).ShouldExitWith(0);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Contains("maintenance", status.StandardOutput, StringComparison.Ordinal);

        (await RunAsync(cluster.Nodes[2], InCluster("--resume"))).ShouldExitWith(0);
        (await RunAsync(cluster.Nodes[0], InCluster(job))).ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task PauseAll_StopsJobsOnEveryNode_LeavesNoLockBehind_AndResumeAllLetsThemRun()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var prefix = TestNames.Key() + ".";
        var ids = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            ids.Add(await cluster.KeyOwnedByAsync(node, prefix));
        }

        CronLockInvocation InCluster(params string[] arguments) => new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_PREFIX", prefix).WithEnvironment("CRONLOCK_CLUSTER", "yes").WithEnvironment("CRONLOCK_GRACE", "30");

        (await RunAsync(cluster.Nodes[1], InCluster("--pause", "--all", "--reason", "incident"))).ShouldExitWith(0);
        foreach (var id in ids)
        {
            var run = (await RunAsync(cluster.Nodes[0], InCluster(["--verbose", "--key", id, .. Jobs.AppendLine(workspace.PathOf(id))]))).ShouldExitWith(200);
            Assert.Contains(run.StandardErrorLines, line => line.Contains("every job under the prefix paused by", StringComparison.Ordinal));
            Assert.Empty(workspace.LinesOf(id));
            // The acquire went with the read of the pause; what it took was given back at once.
            await LockAssertions.AssertAbsentAsync(cluster.Database, prefix + id, "a paused run gives back what it took");
        }

        var list = (await RunAsync(cluster.Nodes[2], InCluster("--list"))).ShouldExitWith(0);
        Assert.Contains("every job under the prefix paused by", list.StandardOutput, StringComparison.Ordinal);

        (await RunAsync(cluster.Nodes[2], InCluster("--resume", "--all"))).ShouldExitWith(0);
        foreach (var id in ids)
        {
            (await RunAsync(cluster.Nodes[0], InCluster(["--key", id, .. Jobs.AppendLine(workspace.PathOf(id))]))).ShouldExitWith(0);
            Assert.Single(workspace.LinesOf(id));
        }
    }

    private static Task<CronLockResult> RunAsync(RedisServer seed, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(seed.Endpoint, invocation.FailingFast(redisTimeoutSeconds: 5), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
