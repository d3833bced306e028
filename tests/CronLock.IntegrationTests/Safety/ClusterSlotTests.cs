namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// The companion keys (holder, fence, last run) live in the lock key's cluster slot, so every script stays
/// single-slot on Redis Cluster — whatever the lock key looks like, hash tags included: operators put hash tags in
/// CRONLOCK_KEY or CRONLOCK_PREFIX precisely on clusters, to place related locks together.
/// </summary>
public sealed class ClusterSlotTests(ClusterNodeFixture cluster) : IClassFixture<ClusterNodeFixture>
{
    [Theory]
    [InlineData("cronlock.", "KEY")]
    [InlineData("cronlock.", "{billing}.KEY")]
    [InlineData("jobs.{eu}.", "KEY")]
    public async Task Run_OnACluster_TakesLeavesAndReportsTheLock(string prefix, string keyPattern)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = keyPattern.Replace("KEY", TestNames.Key(), StringComparison.Ordinal);
        var invocation = new CronLockInvocation(Jobs.Shell("printf '%s' \"$CRONLOCK_FENCING_TOKEN\"", key))
            .WithEnvironment("CRONLOCK_CLUSTER", "yes")
            .WithEnvironment("CRONLOCK_PREFIX", prefix)
            .WithEnvironment("CRONLOCK_KEY", key);

        var run = await CronLockProcess.RunAsync(cluster.Server.Endpoint, invocation, cancellationToken: cancellationToken);
        var status = await CronLockProcess.RunAsync(cluster.Server.Endpoint,
            CronLockInvocation.Of("--status", "--json").WithEnvironment(invocation.Environment), cancellationToken: cancellationToken);

        run.ShouldExitWith(0);
        Assert.Equal("1", run.StandardOutput);
        status.ShouldExitWith(200);
        Assert.Equal("held", StatusJson.Single(status).String("state"));
        var db = cluster.Server.Database();
        Assert.True(await db.KeyExistsAsync(LockState.HolderKey(prefix + key)), $"No holder record beside {prefix + key}.");
    }

    [Theory]
    [InlineData("cronlock.", "KEY")]
    [InlineData("jobs.{eu}.", "KEY")]
    public async Task SlotRule_OnACluster_KeepsItsRecordInTheLocksSlot(string prefix, string keyPattern)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = keyPattern.Replace("KEY", TestNames.Key(), StringComparison.Ordinal);
        var invocation = new CronLockInvocation(Jobs.Shell("true", key))
            .WithEnvironment("CRONLOCK_CLUSTER", "yes")
            .WithEnvironment("CRONLOCK_PREFIX", prefix)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_PERIOD", "1d");

        var first = await CronLockProcess.RunAsync(cluster.Server.Endpoint, invocation, cancellationToken: cancellationToken);
        var second = await CronLockProcess.RunAsync(cluster.Server.Endpoint, invocation, cancellationToken: cancellationToken);
        var status = await CronLockProcess.RunAsync(cluster.Server.Endpoint,
            CronLockInvocation.Of("--status").WithEnvironment(invocation.Environment), cancellationToken: cancellationToken);

        first.ShouldExitWith(0);
        second.ShouldExitWith(200);
        Assert.Contains("  last slot: ", status.StandardOutput, StringComparison.Ordinal);
    }
}
