using System.Globalization;

namespace CronLock.IntegrationTests;

/// <summary>Redis down or refusing us: exit 201, one line on stderr, the job never starts.</summary>
public sealed class ConnectionFailureTests(RedisFixture redis)
{
    [Theory]
    [InlineData(1, 5, 0.0, 4.0)]  // one try: nothing to back off between
    [InlineData(3, 0, 0.0, 4.0)]  // BACKOFF 0: retry at once
    [InlineData(3, 1, 2.5, 12.0)] // waits growing by 1 s between three tries: 1 + 2 s
    public async Task Run_WhenNothingListens_Exits201AfterTheConfiguredAttempts(int attempts, int backoff, double minSeconds, double maxSeconds)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var closedPort = FreePort.Next();
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_PORT", closedPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", attempts.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_RECONNECT_BACKOFF", backoff.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_REDIS_TIMEOUT", "2");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, TimeSpan.FromSeconds(40), cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains(closedPort.ToString(CultureInfo.InvariantCulture), result.StandardError, StringComparison.Ordinal);
        Assert.True(result.Duration >= TimeSpan.FromSeconds(minSeconds) && result.Duration <= TimeSpan.FromSeconds(maxSeconds),
            $"Expected {minSeconds}-{maxSeconds} s for {attempts} attempts with backoff {backoff}, took {result.Duration.TotalSeconds:0.00} s.\n{result}");
    }

    [Fact]
    public async Task Run_WhenRedisAcceptsButNeverAnswers_Exits201AfterRedisTimeout()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        // Accepts connections and never says a word: a hung server, or a firewall that eats packets.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_PORT", port.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_REDIS_TIMEOUT", "1")
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.True(result.Duration >= TimeSpan.FromSeconds(0.8) && result.Duration <= TimeSpan.FromSeconds(6),
            $"Expected to give up after about REDIS_TIMEOUT (1 s), took {result.Duration.TotalSeconds:0.00} s.\n{result}");
    }

    [Fact]
    public async Task Run_WithWrongPassword_Exits201AtOnceSayingAuthenticationWithoutThePassword()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = "right-" + Guid.NewGuid().ToString("N") }, cancellationToken);
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        // A retry loop would wait 5 s before the second try; the contract wants no retry for a bad password at all.
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_AUTH", wrongPassword)
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "5")
            .WithEnvironment("CRONLOCK_RECONNECT_BACKOFF", "5")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes");

        var result = await CronLockProcess.RunAsync(server.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Contains("auth", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(wrongPassword, result.StandardError, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(4), $"A wrong password should fail at once, took {result.Duration.TotalSeconds:0.00} s.\n{result}");
    }

    [Fact]
    public async Task Run_WithoutPasswordAgainstProtectedServer_Exits201WithoutRunning()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = "right-" + Guid.NewGuid().ToString("N") }, cancellationToken);
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1")
            .WithEnvironment("CRONLOCK_REDIS_TIMEOUT", "3");

        var result = await CronLockProcess.RunAsync(server.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
    }

    [Fact]
    public async Task Run_WithRightPasswordAndVerbose_RunsAndNeverLogsThePassword()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "right-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_AUTH", password)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes");

        var result = await CronLockProcess.RunAsync(server.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await server.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the protected server.\n{result}");
        Assert.DoesNotContain(password, result.StandardError, StringComparison.Ordinal);
    }
}
