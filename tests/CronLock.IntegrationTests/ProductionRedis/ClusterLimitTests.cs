using CronLock.IntegrationTests.Modes;

namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// CRONLOCK_LIMIT on a 3-node Cluster: the lock, its holders and its fence share one slot, so every
/// semaphore script is single-slot; runs started through different nodes still never exceed the limit.
/// </summary>
public sealed class ClusterLimitTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task TwentyConcurrentRuns_ThroughDifferentNodes_WithLimit3_NeverMoreThanThreeAtOnce()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var cluster = fixture.Cluster;
        var key = TestNames.Key();
        var invocation = new CronLockInvocation(LimitRuns.Job(workspace))
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LIMIT", "3")
            .WithEnvironment("CRONLOCK_CLUSTER", "yes")
            .FailingFast(redisTimeoutSeconds: 10);

        var results = await LimitRuns.RunAllAsync([.. cluster.Nodes.Select(n => n.Endpoint)], invocation, 20, TimeSpan.FromSeconds(60), cancellationToken);

        var summary = LimitRuns.Summary(results);
        var ran = results.Count(r => r.ExitCode == 0);
        Assert.True(ran is > 1 and <= 3, $"Expected 2 or 3 runs.\n{summary}");
        Assert.True(results.Count(r => r.ExitCode == 200) == 20 - ran, $"Expected every other run to exit 200.\n{summary}");
        Assert.InRange(LimitRuns.MostAtOnce(workspace), 2, 3);

        var lockKey = ExpectedKey.DefaultPrefix + key;
        var slot = await cluster.SlotOfAsync(lockKey);
        Assert.Equal(slot, await cluster.SlotOfAsync($"{{{lockKey}}}:holders"));
        var status = await CronLockProcess.RunAsync(cluster.Nodes[0].Endpoint, new CronLockInvocation(["--status"])
            .WithEnvironment("CRONLOCK_KEY", key).WithEnvironment("CRONLOCK_CLUSTER", "yes"), cancellationToken: cancellationToken);
        Assert.Contains($"held by {ran}/3 holders", status.StandardOutput, StringComparison.Ordinal);
    }
}
