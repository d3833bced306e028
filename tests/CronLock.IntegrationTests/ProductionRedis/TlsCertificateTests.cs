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
        var (result, lockKey) = await RunJobAsync(tls.Trusted, job => WithRedissUrlAndCa(job, tls.Trusted), expectedExit: 0);

        Assert.True(await tls.Trusted.Database().KeyExistsAsync(lockKey), $"No lock on the TLS server.\n{result}");
    }

    [Fact]
    public async Task Run_WithTlsSwitchHostPortAndTlsCa_RunsTheJob()
    {
        var (result, lockKey) = await RunJobAsync(tls.Trusted, job => job
            .WithEnvironment("CRONLOCK_TLS", "yes")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile), expectedExit: 0);

        Assert.True(await tls.Trusted.Database().KeyExistsAsync(lockKey), $"No lock on the TLS server.\n{result}");
    }

    [Theory]
    [InlineData("TLSv1.2")]
    [InlineData("TLSv1.3")]
    public async Task Run_AgainstServerSpeakingOnlyOneTlsVersion_RunsTheJob(string protocol)
    {
        // TLS 1.2 is the minimum cronlock offers, and still what many managed services speak.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions { Tls = tls.Certificates, ExtraArguments = ["--tls-protocols", protocol] }, cancellationToken);

        await RunJobAsync(server, job => job
            .WithUrl($"rediss://localhost:{server.Endpoint.Port}")
            .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile), expectedExit: 0);
    }

    [Theory]
    [InlineData(false)] // no CA given: the system store has never heard of the test CA
    [InlineData(true)]  // a CA given, but not the one that signed the server's certificate
    public async Task Run_WithUntrustedCa_Exits201AtOnceSayingTheCaIsNotTrusted(bool giveOtherCa)
    {
        var result = await RunExpectingRefusalAsync(tls.Trusted, job =>
        {
            job = job.WithUrl($"rediss://127.0.0.1:{tls.Trusted.Endpoint.Port}");
            return giveOtherCa ? job.WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.OtherCaCertificateFile) : job;
        });

        Assert.Contains("CA", result.StandardError, StringComparison.Ordinal);
        Assert.Matches(new Regex("not trust|untrusted", RegexOptions.IgnoreCase), result.StandardError);
        Assert.DoesNotContain("expired", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("host name", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_AgainstExpiredCertificate_Exits201AtOnceSayingItExpired()
    {
        var result = await RunExpectingRefusalAsync(tls.Expired, job => WithRedissUrlAndCa(job, tls.Expired));

        Assert.Contains("expired", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("host name", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("not trust|untrusted", RegexOptions.IgnoreCase), result.StandardError);
    }

    [Fact]
    public async Task Run_AgainstCertificateForAnotherHost_Exits201AtOnceSayingHostName()
    {
        var result = await RunExpectingRefusalAsync(tls.OtherHost, job => WithRedissUrlAndCa(job, tls.OtherHost));

        Assert.Matches(new Regex("host ?name", RegexOptions.IgnoreCase), result.StandardError);
        Assert.DoesNotContain("expired", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("not trust|untrusted", RegexOptions.IgnoreCase), result.StandardError);
    }

    [Fact]
    public async Task Run_WithTlsServerName_AcceptsCertificateForThatNameOnAnAddress()
    {
        // The certificate names only redis.test, which resolves nowhere: the connection goes to 127.0.0.1 and
        // the certificate is judged against the name we were told to expect (e.g. a load balancer's address).
        var (result, lockKey) = await RunJobAsync(tls.OtherHost, job => WithRedissUrlAndCa(job, tls.OtherHost)
            .WithEnvironment("CRONLOCK_TLS_SERVER_NAME", tls.Certificates.OtherHostName), expectedExit: 0);

        Assert.True(await tls.OtherHost.Database().KeyExistsAsync(lockKey), $"No lock on the TLS server.\n{result}");
    }

    [Fact]
    public async Task Run_WithClientCertificate_RunsAgainstServerThatDemandsOne()
    {
        var (result, lockKey) = await RunJobAsync(tls.Mutual, job => WithRedissUrlAndCa(job, tls.Mutual)
            .WithEnvironment("CRONLOCK_TLS_CERT", tls.Certificates.ClientCertificateFile)
            .WithEnvironment("CRONLOCK_TLS_KEY", tls.Certificates.ClientKeyFile), expectedExit: 0);

        Assert.True(await tls.Mutual.Database().KeyExistsAsync(lockKey), $"No lock on the mTLS server.\n{result}");
    }

    [Fact]
    public async Task Run_WithoutClientCertificate_AgainstServerThatDemandsOne_Exits201WithoutRunning()
    {
        var (result, _) = await RunJobAsync(tls.Mutual, job => WithRedissUrlAndCa(job, tls.Mutual).FailingFast(), expectedExit: 201);

        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
    }

    [Fact]
    public async Task Run_WithoutClientCertificate_AgainstServerThatDemandsOne_FailsAtOnceSayingTls()
    {
        // Issue 3: "a TLS failure fails at once with its own message, without the reconnect loop". The server
        // ends the handshake with a certificate-required alert; retrying cannot make a client certificate appear.
        var result = await RunExpectingRefusalAsync(tls.Mutual, job => WithRedissUrlAndCa(job, tls.Mutual));

        Assert.Matches(new Regex("tls|ssl|certificate", RegexOptions.IgnoreCase), result.StandardError);
    }

    [Fact]
    public async Task Run_WithClientCertificateFromAnotherCa_Exits201WithoutRunning()
    {
        // The other CA's own certificate and key: a well-formed client certificate the server's CA never signed.
        await RunJobAsync(tls.Mutual, job => WithRedissUrlAndCa(job, tls.Mutual)
            .WithEnvironment("CRONLOCK_TLS_CERT", tls.Certificates.OtherCaCertificateFile)
            .WithEnvironment("CRONLOCK_TLS_KEY", Path.Combine(tls.Certificates.Directory, "other-ca.key"))
            .FailingFast(), expectedExit: 201);
    }

    /// <summary>The way most tests here reach a server: a rediss:// URL for 127.0.0.1, trusting the test CA.</summary>
    private CronLockInvocation WithRedissUrlAndCa(CronLockInvocation job, RedisServer server) => job
        .WithUrl($"rediss://127.0.0.1:{server.Endpoint.Port}")
        .WithEnvironment("CRONLOCK_TLS_CA", tls.Certificates.CaCertificateFile);

    /// <summary>
    /// With golock's default 5 tries and 5 s backoff, a retried failure takes 50 s: finishing in a few seconds
    /// proves the refusal skipped the reconnect loop.
    /// </summary>
    private static async Task<CronLockResult> RunExpectingRefusalAsync(RedisServer server, Func<CronLockInvocation, CronLockInvocation> settings)
    {
        var (result, _) = await RunJobAsync(server, job => settings(job)
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "5")
            .WithEnvironment("CRONLOCK_RECONNECT_BACKOFF", "5"), expectedExit: 201);

        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.True(result.Duration < AtOnce, $"A refused certificate should fail at once, took {result.Duration.TotalSeconds:0.00} s.\n{result}");
        return result;
    }

    /// <summary>
    /// Runs a job that appends a line to a file of its own, with <paramref name="settings"/> on top, and asserts
    /// the exit code: a run that exits 0 ran the job once, any other ran it never. Returns the lock key the job's argv gives.
    /// </summary>
    private static async Task<(CronLockResult Result, string LockKey)> RunJobAsync(
        RedisServer server, Func<CronLockInvocation, CronLockInvocation> settings, int expectedExit)
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, settings(new CronLockInvocation(arguments)));

        result.ShouldExitWith(expectedExit);
        if (expectedExit == 0)
        {
            Assert.Single(workspace.LinesOf("ran"));
        }
        else
        {
            Assert.Empty(workspace.LinesOf("ran"));
        }

        return (result, ExpectedKey.ForArguments(arguments));
    }

    private static Task<CronLockResult> RunAsync(RedisServer server, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(server.Endpoint, invocation.WithoutInheritedTrust(), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
