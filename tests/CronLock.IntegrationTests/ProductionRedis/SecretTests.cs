namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// The Redis password never leaves cronlock: not in a log line (verbose or not, success or failure), not in
/// --help or --status output, and not in the job's environment (CRONLOCK_AUTH and a CRONLOCK_URL holding it are
/// removed before the job starts). Cron mails stderr and stdout around; jobs dump their environment into logs.
/// </summary>
public sealed class SecretTests(TlsServersFixture tls) : IClassFixture<TlsServersFixture>
{
    /// <summary>
    /// However CRONLOCK_URL spells the password (as is, percent-encoded in either hex case, or as a StackExchange.Redis
    /// configuration string's password option), the job's environment holds no part of it, and neither does any output.
    /// </summary>
    [Theory]
    [InlineData("plain")]
    [InlineData("percent-encoded")]
    [InlineData("percent-encoded, lower-case hex")]
    [InlineData("configuration string")]
    [InlineData("configuration string, spaced key in another case")]
    public async Task Run_WithPasswordInUrl_JobEnvironmentHoldsNoPartOfIt(string spelling)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var distinctive = Guid.NewGuid().ToString("N");
        var password = $"s3cr3t@{distinctive}/pw";
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);
        var at = $"127.0.0.1:{server.Endpoint.Port}";
        var url = spelling switch
        {
            "plain" => $"redis://:{password}@{at}/1",
            "percent-encoded" => $"redis://:{Uri.EscapeDataString(password)}@{at}/1",
            "percent-encoded, lower-case hex" => $"redis://default:{Uri.EscapeDataString(password).ToLowerInvariant()}@{at}/1",
            "configuration string" => $"{at},password={password},defaultDatabase=1",
            _ => $"{at}, PassWord = {password} ,defaultDatabase=1",
        };

        var result = await RunAsync(server, new CronLockInvocation(TargetInvocations.DumpEnvironment(workspace.PathOf("env")))
            .WithUrl(url)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes"));

        result.ShouldExitWith(0);
        var environment = File.ReadAllText(workspace.PathOf("env"));
        Assert.False(environment.Contains(distinctive, StringComparison.Ordinal), $"The job's environment holds the password:\n{environment}");
        Assert.DoesNotContain("CRONLOCK_URL=", environment, StringComparison.Ordinal);
        AssertNowhere(distinctive, result);
    }

    /// <summary>
    /// A CRONLOCK_URL that does not parse is refused naming the part that is wrong (port, host, database), never
    /// quoting the userinfo, whatever URL characters the password holds.
    /// </summary>
    [Theory]
    [InlineData("redis://default:4711/Xy7Q@127.0.0.1:6379/notadb", "database")]
    [InlineData("redis://default:47?11Xy7Q@127.0.0.1:63a79", "port")]
    [InlineData("redis://:47#11Xy7Q@:6379", "no host")]
    [InlineData("redis://user:Xy7Q", "port")]
    public async Task Run_WithBadUrlHoldingAPassword_Exits201WithoutAnyPartOfIt(string url, string problem)
    {
        using var workspace = Workspace.Create();

        var result = await CronLockProcess.RunAsync(new RedisEndpoint("127.0.0.1", 6379), new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl(url).FailingFast(), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        result.ShouldExitWith(201);
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains("CRONLOCK_URL", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(problem, result.StandardError, StringComparison.Ordinal);
        AssertNowhere("Xy7Q", result);
        Assert.Empty(workspace.LinesOf("ran"));
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
