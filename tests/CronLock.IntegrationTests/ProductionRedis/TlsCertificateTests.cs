using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// TLS the way managed Redis services enforce it: a private CA given with CRONLOCK_TLS_CA (not the system store),
/// rediss:// URLs, client certificates, and a server name that differs from the address dialled. Every refused
/// certificate is a 201 at once (no reconnect loop) whose one line says which problem it was.
/// </summary>
public sealed class TlsCertificateTests(TlsServersFixture tls) : IClassFixture<TlsServersFixture>
{
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Run_WithRedissUrlAndTlsCa_RunsTheJobAndLocksOnTheTlsServer()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(tls.Trusted, new CronLockInvocation(arguments)
            .WithUrl($"rediss://127.0.0.1:{tls.Trusted.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await tls.Trusted.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the TLS server.\n{result}");
    }

    [Fact]
    public async Task Run_WithTlsSwitchHostPortAndTlsCa_RunsTheJob()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(tls.Trusted, new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_TLS", "yes")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await tls.Trusted.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the TLS server.\n{result}");
    }

    [Theory]
    [InlineData("TLSv1.2")]
    [InlineData("TLSv1.3")]
    public async Task Run_AgainstServerSpeakingOnlyOneTlsVersion_RunsTheJob(string protocol)
    {
        // TLS 1.2 is the minimum cronlock offers, and still what many managed services speak.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions { Tls = tls.Certificates, ExtraArguments = ["--tls-protocols", protocol] }, cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments)
            .WithUrl($"rediss://localhost:{server.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Theory]
    [InlineData(false)] // no CA given: the system store has never heard of the test CA
    [InlineData(true)]  // a CA given, but not the one that signed the server's certificate
    public async Task Run_WithUntrustedCa_Exits201AtOnceSayingTheCaIsNotTrusted(bool giveOtherCa)
    {
        using var workspace = Workspace.Create();
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"rediss://127.0.0.1:{tls.Trusted.Endpoint.Port}");
        if (giveOtherCa)
        {
            invocation = invocation.WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.OtherCaCertificateFile);
        }

        var result = await RunExpectingRefusalAsync(tls.Trusted, invocation);

        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Contains("CA", result.StandardError, StringComparison.Ordinal);
        Assert.Matches(new Regex("not trust|untrusted", RegexOptions.IgnoreCase), result.StandardError);
        Assert.DoesNotContain("expired", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("host name", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_AgainstExpiredCertificate_Exits201AtOnceSayingItExpired()
    {
        using var workspace = Workspace.Create();

        var result = await RunExpectingRefusalAsync(tls.Expired, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"rediss://127.0.0.1:{tls.Expired.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile));

        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Contains("expired", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("host name", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("not trust|untrusted", RegexOptions.IgnoreCase), result.StandardError);
    }

    [Fact]
    public async Task Run_AgainstCertificateForAnotherHost_Exits201AtOnceSayingHostName()
    {
        using var workspace = Workspace.Create();

        var result = await RunExpectingRefusalAsync(tls.OtherHost, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"rediss://127.0.0.1:{tls.OtherHost.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile));

        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Matches(new Regex("host ?name", RegexOptions.IgnoreCase), result.StandardError);
        Assert.DoesNotContain("expired", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("not trust|untrusted", RegexOptions.IgnoreCase), result.StandardError);
    }

    [Fact]
    public async Task Run_WithTlsServerName_AcceptsCertificateForThatNameOnAnAddress()
    {
        // The certificate names only redis.test, which resolves nowhere: the connection goes to 127.0.0.1 and
        // the certificate is judged against the name we were told to expect (e.g. a load balancer's address).
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(tls.OtherHost, new CronLockInvocation(arguments)
            .WithUrl($"rediss://127.0.0.1:{tls.OtherHost.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile)
            .WithEnvironment("CRONLOCK_TLS_SERVER_NAME", tls.Certificates.OtherHostName));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await tls.OtherHost.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the TLS server.\n{result}");
    }

    [Fact]
    public async Task Run_WithClientCertificate_RunsAgainstServerThatDemandsOne()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(tls.Mutual, new CronLockInvocation(arguments)
            .WithUrl($"rediss://127.0.0.1:{tls.Mutual.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile)
            .WithEnvironment("CRONLOCK_TLS_CERT", tls.Certificates.ClientCertificateFile)
            .WithEnvironment("CRONLOCK_TLS_KEY", tls.Certificates.ClientKeyFile));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await tls.Mutual.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the mTLS server.\n{result}");
    }

    [Fact]
    public async Task Run_WithoutClientCertificate_AgainstServerThatDemandsOne_Exits201WithoutRunning()
    {
        using var workspace = Workspace.Create();

        var result = await RunAsync(tls.Mutual, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"rediss://127.0.0.1:{tls.Mutual.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile)
            .FailingFast());

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
    }

    [Fact]
    public async Task Run_WithoutClientCertificate_AgainstServerThatDemandsOne_FailsAtOnceSayingTls()
    {
        // Issue 3: "a TLS failure fails at once with its own message, without the reconnect loop". The server
        // ends the handshake with a certificate-required alert; retrying cannot make a client certificate appear.
        using var workspace = Workspace.Create();

        var result = await RunExpectingRefusalAsync(tls.Mutual, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"rediss://127.0.0.1:{tls.Mutual.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile));

        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Matches(new Regex("tls|ssl|certificate", RegexOptions.IgnoreCase), result.StandardError);
    }

    [Fact]
    public async Task Run_WithClientCertificateFromAnotherCa_Exits201WithoutRunning()
    {
        using var workspace = Workspace.Create();

        // The other CA's own certificate and key: a well-formed client certificate the server's CA never signed.
        var result = await RunAsync(tls.Mutual, new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithUrl($"rediss://127.0.0.1:{tls.Mutual.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile)
            .WithEnvironment("CRONLOCK_TLS_CERT", tls.Certificates.OtherCaCertificateFile)
            .WithEnvironment("CRONLOCK_TLS_KEY", Path.Combine(tls.Certificates.Directory, "other-ca.key"))
            .FailingFast());

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    /// <summary>
    /// With golock's default 5 tries and 5 s backoff, a retried failure takes 50 s: finishing in a few seconds
    /// proves the refusal skipped the reconnect loop.
    /// </summary>
    private static async Task<CronLockResult> RunExpectingRefusalAsync(RedisServer server, CronLockInvocation invocation)
    {
        var result = await RunAsync(server, invocation
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "5")
            .WithEnvironment("CRONLOCK_RECONNECT_BACKOFF", "5"));

        result.ShouldExitWith(201);
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.True(result.Duration < AtOnce, $"A refused certificate should fail at once, took {result.Duration.TotalSeconds:0.00} s.\n{result}");
        return result;
    }

    private static Task<CronLockResult> RunAsync(RedisServer server, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(server.Endpoint, invocation.WithoutInheritedTrust(), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
