namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// The Redis password never leaves cronlock: not in a log line (verbose or not, success or failure), not in
/// --help or --status output, and not in the job's environment (CRONLOCK_AUTH and a CRONLOCK_URL holding it are
/// removed before the job starts). Cron mails stderr and stdout around; jobs dump their environment into logs.
/// </summary>
public sealed class SecretTests(TlsServersFixture tls) : IClassFixture<TlsServersFixture>
{
    [Fact]
    public async Task Run_WithPasswordInUrl_JobEnvironmentHoldsNeitherTheUrlNorThePassword()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "secret-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);

        var result = await RunAsync(server, new CronLockInvocation(TargetInvocations.DumpEnvironment(workspace.PathOf("env")))
            .WithUrl($"redis://:{password}@127.0.0.1:{server.Endpoint.Port}/1")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes"));

        result.ShouldExitWith(0);
        var environment = File.ReadAllText(workspace.PathOf("env"));
        Assert.DoesNotContain(password, environment, StringComparison.Ordinal);
        Assert.DoesNotContain("CRONLOCK_URL=", environment, StringComparison.Ordinal);
        AssertNowhere(password, result);
    }

    [Fact]
    public async Task Run_WithAuthVariable_JobEnvironmentHoldsNoPassword_WhileOtherSettingsStay()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "secret-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);

        var result = await RunAsync(server, new CronLockInvocation(TargetInvocations.DumpEnvironment(workspace.PathOf("env")))
            .WithEnvironment("CRONLOCK_AUTH", password)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes"));

        result.ShouldExitWith(0);
        var environment = File.ReadAllLines(workspace.PathOf("env"));
        Assert.DoesNotContain(environment, line => line.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(environment, line => line.StartsWith("CRONLOCK_AUTH=", StringComparison.Ordinal));
        // Only secrets are withheld: a job may still read where its lock lives.
        Assert.Contains(environment, line => line == $"CRONLOCK_PORT={server.Endpoint.Port}");
        AssertNowhere(password, result);
    }

    [Fact]
    public async Task Run_WithWrongPasswordInUrl_Exits201WithoutEitherPasswordInOutput()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "secret-" + Guid.NewGuid().ToString("N");
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);

        var result = await RunAsync(server, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"redis://:{wrong}@127.0.0.1:{server.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes"));

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        AssertNowhere(wrong, result);
        AssertNowhere(password, result);
    }

    [Fact]
    public async Task Run_WithPasswordInUrlAndUntrustedCertificate_Exits201WithoutThePassword()
    {
        using var workspace = Workspace.Create();
        var password = "secret-" + Guid.NewGuid().ToString("N");

        var result = await RunAsync(tls.Trusted, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"rediss://default:{password}@127.0.0.1:{tls.Trusted.Endpoint.Port}/0")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes")
            .WithoutInheritedTrust());

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        AssertNowhere(password, result);
    }

    [Fact]
    public async Task Run_WithPasswordAndTlsRefusedForHostName_Exits201WithoutThePassword()
    {
        using var workspace = Workspace.Create();
        var password = "secret-" + Guid.NewGuid().ToString("N");

        var result = await RunAsync(tls.OtherHost, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_TLS", "yes")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile)
            .WithEnvironment("CRONLOCK_AUTH", password)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes")
            .WithoutInheritedTrust());

        result.ShouldExitWith(201);
        AssertNowhere(password, result);
    }

    [Fact]
    public async Task StatusListAndReset_WithPasswordInUrl_NeverPrintIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "secret-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        var url = $"redis://:{password}@127.0.0.1:{server.Endpoint.Port}";
        CronLockInvocation WithUrl(params string[] arguments) =>
            new CronLockInvocation(arguments).WithUrl(url).WithEnvironment("CRONLOCK_VERBOSE", "yes");

        (await RunAsync(server, WithUrl(job))).ShouldExitWith(0);
        string[][] inspections = [["--status", "--", .. job], ["--status", "--json", "--", .. job], ["--list"], ["--list", "--json"], ["--reset", "--", .. job]];
        foreach (var arguments in inspections)
        {
            var result = await RunAsync(server, WithUrl(arguments));
            Assert.True(result.ExitCode is 0 or 200, $"Expected 0 or 200.\n{result}");
            AssertNowhere(password, result);
        }
    }

    [Fact]
    public async Task Help_WithPasswordsInEnvironment_NeverPrintsThem()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var password = "secret-" + Guid.NewGuid().ToString("N");
        var sentinelPassword = "sentinel-" + Guid.NewGuid().ToString("N");

        var result = await CronLockProcess.RunAsync(new RedisEndpoint("127.0.0.1", 6379), CronLockInvocation.Of("--help")
            .WithEnvironment("CRONLOCK_AUTH", password)
            .WithEnvironment("CRONLOCK_SENTINEL_AUTH", sentinelPassword), TimeSpan.FromSeconds(20), cancellationToken);

        result.ShouldExitWith(0);
        AssertNowhere(password, result);
        AssertNowhere(sentinelPassword, result);
    }

    private static void AssertNowhere(string secret, CronLockResult result)
    {
        Assert.False(result.StandardError.Contains(secret, StringComparison.Ordinal), $"stderr shows the password '{secret}'.\n{result}");
        Assert.False(result.StandardOutput.Contains(secret, StringComparison.Ordinal), $"stdout shows the password '{secret}'.\n{result}");
    }

    private static Task<CronLockResult> RunAsync(RedisServer server, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(server.Endpoint, invocation.FailingFast(), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
