namespace CronLock.IntegrationTests;

/// <summary>
/// CRONLOCK_TLS against a TLS-only redis-server. cronlock trusts the test CA only through SSL_CERT_FILE, which
/// .NET on Linux honours; without it the system store applies, which has never heard of this CA.
/// </summary>
public sealed class TlsTests(TlsRedisFixture tls) : IClassFixture<TlsRedisFixture>
{
    [Fact]
    public async Task Run_WithTlsAndTrustedCa_RunsTheJobAndLocksOnTheTlsServer()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_TLS", "yes")
            .WithEnvironment("SSL_CERT_FILE", tls.Certificates.CaCertificateFile));

        await AssertRanAndLockedOnTlsServerAsync(workspace, arguments, result);
    }

    [Fact]
    public async Task Run_WithTlsFlagAndTrustedCa_RunsTheJob()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(new CronLockInvocation(["--tls", .. arguments])
            .WithEnvironment("SSL_CERT_FILE", tls.Certificates.CaCertificateFile));

        await AssertRanAndLockedOnTlsServerAsync(workspace, arguments, result);
    }

    [Fact]
    public async Task Run_WithTlsAndUntrustedCa_Exits201AtOnceWithoutRunning()
    {
        using var workspace = Workspace.Create();
        // A retry loop would wait 5 s before its second try; a TLS failure must not enter it.
        var result = await RunAsync(new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_TLS", "yes")
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "5")
            .WithEnvironment("CRONLOCK_RECONNECT_BACKOFF", "5"));

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.True(
            new[] { "tls", "ssl", "certificate" }.Any(word => result.StandardError.Contains(word, StringComparison.OrdinalIgnoreCase)),
            $"The error should say it is a TLS / certificate problem.\n{result}");
        Assert.True(result.Duration < TimeSpan.FromSeconds(4), $"A TLS failure should fail at once, took {result.Duration.TotalSeconds:0.00} s.\n{result}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_WithTlsSkipVerifyAndUntrustedCa_RunsTheJob(bool asFlags)
    {
        using var workspace = Workspace.Create();
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = asFlags
            ? new CronLockInvocation(["--tls", "--tls-skip-verify", .. job])
            : new CronLockInvocation(job).WithEnvironment("CRONLOCK_TLS", "yes").WithEnvironment("CRONLOCK_TLS_SKIP_VERIFY", "yes");

        var result = await RunAsync(invocation);

        await AssertRanAndLockedOnTlsServerAsync(workspace, job, result);
    }

    [Fact]
    public async Task Run_WithoutTlsAgainstTlsPort_Exits201WithoutRunning()
    {
        using var workspace = Workspace.Create();

        var result = await RunAsync(new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_REDIS_TIMEOUT", "2")
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1"));

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    /// <summary>cronlock exited 0, the job ran once, and its lock is on the TLS server.</summary>
    private async Task AssertRanAndLockedOnTlsServerAsync(Workspace workspace, string[] arguments, CronLockResult result)
    {
        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await tls.Server.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the TLS server.\n{result}");
    }

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(
            tls.Server.Endpoint,
            // Trust comes only from what a test sets: never from the developer's or CI's own certificate settings.
            invocation with
            {
                Environment = invocation.Environment
                    .SetItem("SSL_CERT_FILE", invocation.Environment.GetValueOrDefault("SSL_CERT_FILE"))
                    .SetItem("SSL_CERT_DIR", invocation.Environment.GetValueOrDefault("SSL_CERT_DIR")),
            },
            cancellationToken: TestContext.Current.CancellationToken);
}
