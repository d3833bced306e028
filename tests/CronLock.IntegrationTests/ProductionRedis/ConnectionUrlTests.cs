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
        var password = "url-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);

        await AssertRunsAndLocksInAsync(server, $"redis://:{password}@127.0.0.1:{server.Endpoint.Port}/5", database: 5);
    }

    [Fact]
    public async Task Run_WithUrlHoldingAclUserPasswordAndDatabase_LocksInThatDatabase()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = "url-" + Guid.NewGuid().ToString("N");
        await server.ExecuteAsync("ACL", ["SETUSER", "jobs", "reset", "on", ">" + password, .. AclUserTests.MinimalRule, .. AclUserTests.DatabaseRule]);

        await AssertRunsAndLocksInAsync(server, $"redis://jobs:{password}@127.0.0.1:{server.Endpoint.Port}/7", database: 7);
    }

    [Fact]
    public async Task Run_WithUrlHoldingPercentEncodedPassword_DecodesIt()
    {
        // Generated passwords hold '@', ':' and '/', which a URL must percent-encode.
        var cancellationToken = TestContext.Current.CancellationToken;
        var password = "p@ss:w/rd%" + Guid.NewGuid().ToString("N")[..8];
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);

        await AssertRunsAndLocksInAsync(server, $"redis://:{Uri.EscapeDataString(password)}@127.0.0.1:{server.Endpoint.Port}/2", database: 2);
    }

    [Fact]
    public async Task Run_WithUrlWithoutDatabase_LocksInDatabase0()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);

        await AssertRunsAndLocksInAsync(server, $"redis://127.0.0.1:{server.Endpoint.Port}", database: 0);
    }

    [Fact]
    public async Task Run_WithStackExchangeConfigurationString_LocksInItsDefaultDatabase()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var password = "config-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);

        await AssertRunsAndLocksInAsync(server, $"127.0.0.1:{server.Endpoint.Port},password={password},defaultDatabase=4", database: 4);
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

    /// <summary>A job run through <paramref name="url"/> runs once and its lock is in <paramref name="database"/> only.</summary>
    private static async Task AssertRunsAndLocksInAsync(RedisServer server, string url, int database)
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var key = ExpectedKey.ForArguments(arguments);

        var result = await RunAsync(server, new CronLockInvocation(arguments).WithUrl(url));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await server.Database(database).KeyExistsAsync(key), $"No lock in database {database}.\n{result}");
        if (database != 0)
        {
            Assert.False(await server.Database(0).KeyExistsAsync(key), $"The lock is (also) in database 0.\n{result}");
        }
    }

    private static Task<CronLockResult> RunAsync(RedisServer server, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(server.Endpoint, invocation.FailingFast(), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
