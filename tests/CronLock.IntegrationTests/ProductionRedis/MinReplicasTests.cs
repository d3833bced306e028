namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// CRONLOCK_MIN_REPLICAS: a lock only the master knows is lost by a failover and can be handed to a second host.
/// So after acquiring, cronlock WAITs for N replicas; too few within REDIS_TIMEOUT → the lock is given back, the
/// job is not started, exit 201.
/// </summary>
public sealed class MinReplicasTests
{
    [Fact]
    public async Task Run_WithMinReplicas1AndNoReplica_Exits201QuicklyWithoutRunningAndGivesTheLockBack()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var key = TestNames.Key();

        var result = await CronLockProcess.RunAsync(server.Endpoint, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_MIN_REPLICAS", "1")
            .FailingFast(redisTimeoutSeconds: 1), TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains("CRONLOCK_MIN_REPLICAS", result.StandardError, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(5), $"WAIT is bounded by REDIS_TIMEOUT (1 s), took {result.Duration.TotalSeconds:0.00} s.\n{result}");

        // Given back: the next cron tick (on any host) can take it. Left held, the job would not run for RELEASE (a day).
        await LockAssertions.AssertAbsentAsync(server.Database(), ExpectedKey.DefaultPrefix + key, "the unconfirmed lock must be given back");
        await LockAssertions.AssertAbsentAsync(server.Database(), $"{{{ExpectedKey.DefaultPrefix}{key}}}:holder", "the unconfirmed lock's holder record must go with it");
    }

    [Fact]
    public async Task Run_WithMinReplicas1AndOneReplica_RunsTheJobAndTheReplicaHasTheLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var servers = await MasterAndReplica.StartAsync(cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await CronLockProcess.RunAsync(servers.Master.Endpoint, new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_MIN_REPLICAS", "1")
            .FailingFast(), TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await servers.Replica.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"The replica does not have the lock.\n{result}");
    }

    [Fact]
    public async Task Run_WithMinReplicas2AndOneReplica_Exits201WithoutRunning()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var servers = await MasterAndReplica.StartAsync(cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await CronLockProcess.RunAsync(servers.Master.Endpoint, new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_MIN_REPLICAS", "2")
            .FailingFast(redisTimeoutSeconds: 1), TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        await LockAssertions.AssertAbsentAsync(servers.Master.Database(), ExpectedKey.ForArguments(arguments), "the unconfirmed lock must be given back");
    }

}
