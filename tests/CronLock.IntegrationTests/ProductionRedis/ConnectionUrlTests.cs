namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// CRONLOCK_URL as managed services hand it out: <c>redis://[user[:password]@]host:port[/db]</c>, or a
/// StackExchange.Redis configuration string. The job runs and its lock lands in the database the URL names.
/// </summary>
public sealed class ConnectionUrlTests
{
    [Fact]
    public async Task Run_WithUrlHoldingPasswordAndDatabase_LocksInThatDatabase()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "url-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments).WithUrl($"redis://:{password}@127.0.0.1:{server.Endpoint.Port}/5"));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        await AssertLockedOnlyInAsync(server, 5, ExpectedKey.ForArguments(arguments), result);
    }

    [Fact]
    public async Task Run_WithUrlHoldingAclUserPasswordAndDatabase_LocksInThatDatabase()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = "url-" + Guid.NewGuid().ToString("N");
        await server.ExecuteAsync("ACL", ["SETUSER", "jobs", "reset", "on", ">" + password, .. AclUserTests.MinimalRule, .. AclUserTests.DatabaseRule]);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments).WithUrl($"redis://jobs:{password}@127.0.0.1:{server.Endpoint.Port}/7"));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        await AssertLockedOnlyInAsync(server, 7, ExpectedKey.ForArguments(arguments), result);
    }

    [Fact]
    public async Task Run_WithUrlHoldingPercentEncodedPassword_DecodesIt()
    {
        // Generated passwords hold '@', ':' and '/', which a URL must percent-encode.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "p@ss:w/rd%" + Guid.NewGuid().ToString("N")[..8];
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments)
            .WithUrl($"redis://:{Uri.EscapeDataString(password)}@127.0.0.1:{server.Endpoint.Port}/2"));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        await AssertLockedOnlyInAsync(server, 2, ExpectedKey.ForArguments(arguments), result);
    }

    [Fact]
    public async Task Run_WithUrlWithoutDatabase_LocksInDatabase0()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments).WithUrl($"redis://127.0.0.1:{server.Endpoint.Port}"));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await server.Database(0).KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock in database 0.\n{result}");
    }

    [Fact]
    public async Task Run_WithStackExchangeConfigurationString_LocksInItsDefaultDatabase()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "config-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments)
            .WithUrl($"127.0.0.1:{server.Endpoint.Port},password={password},defaultDatabase=4"));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        await AssertLockedOnlyInAsync(server, 4, ExpectedKey.ForArguments(arguments), result);
    }

    [Fact]
    public async Task Run_WithUrlAndHost_Exits201WithoutRunning()
    {
        // Two ways to name the server at once is a configuration mistake, refused before connecting.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);

        var result = await RunAsync(server, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"redis://127.0.0.1:{server.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_HOST", "127.0.0.1"));

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Contains("CRONLOCK_URL", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("CRONLOCK_HOST", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task AssertLockedOnlyInAsync(RedisServer server, int database, string key, CronLockResult result)
    {
        Assert.True(await server.Database(database).KeyExistsAsync(key), $"No lock in database {database}.\n{result}");
        Assert.False(await server.Database(0).KeyExistsAsync(key), $"The lock is (also) in database 0.\n{result}");
    }

    private static Task<CronLockResult> RunAsync(RedisServer server, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(server.Endpoint, invocation.FailingFast(), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
