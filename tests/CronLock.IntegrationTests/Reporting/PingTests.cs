using System.Diagnostics;
using System.Text.Json;

namespace CronLock.IntegrationTests.Reporting;

/// <summary>
/// CRONLOCK_PING_URL against a local server that records what it is sent: the Healthchecks protocol
/// (start and end paired by rid, /fail, /log), the budget (retries, timeouts, a dead server) and
/// the secrecy of the URL. A monitor's trouble never changes the job's exit code.
/// </summary>
public sealed class PingTests(RedisFixture redis)
{
    private const string Secret = "c0ffee-ping-key-4711";

    private static CronLockInvocation Invocation(string key, string pingUrl, params string[] job) =>
        new CronLockInvocation(job).WithEnvironment("CRONLOCK_KEY", key).WithEnvironment("CRONLOCK_PING_URL", pingUrl);

    private static void AssertNoSecret(CronLockResult result)
    {
        Assert.DoesNotContain(Secret, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWonRun_PingsStartAndItsExitCode_WithOneRunId_AndTheJobNeverSeesTheUrl()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start();
        var invocation = Invocation(TestNames.Key(), server.Url(Secret), "sh", "-c", "env; exit 3")
            .WithEnvironment("CRONLOCK_WEBHOOK_URL", server.Url(Secret) + "-hook");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(3);
        AssertNoSecret(result);
        var start = Assert.Single(server.To("/start"));
        var end = Assert.Single(server.To("/3"));
        Assert.Matches("^[0-9a-f-]{36}$", start.RunId);
        Assert.Equal(start.RunId, end.RunId);
        Assert.Equal($"/ping/{Secret}/3", end.Path);
        // The body is the tail of the job's output (here its environment, which holds no secret).
        Assert.Contains("CRONLOCK_LOCK_KEY=", end.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, end.BodyText, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task TheWebhook_PostsTheRunRecordAsJson()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start();
        var key = TestNames.Key();
        var invocation = new CronLockInvocation(Jobs.ExitWith(4, key)).WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_WEBHOOK_URL", server.Url(Secret));

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(4);
        var post = Assert.Single(server.Requests);
        Assert.Equal("POST", post.Method);
        Assert.StartsWith("application/json", post.ContentType);
        var json = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal(ExpectedKey.DefaultPrefix + key, json.GetProperty("key").GetString());
        Assert.Equal(Environment.MachineName, json.GetProperty("host").GetString());
        Assert.Equal(4, json.GetProperty("exit_code").GetInt32());
        Assert.Equal("ran", json.GetProperty("outcome").GetString());
        Assert.True(json.GetProperty("fencing_token").GetInt64() > 0);
        Assert.True(json.GetProperty("duration_seconds").GetDouble() >= 0);
        Assert.True(DateTimeOffset.Parse(json.GetProperty("ended").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            >= DateTimeOffset.Parse(json.GetProperty("started").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A5xxServer_IsTriedThreeTimesPerPing_ThenOneWarningEach_AndTheCodeIsKept()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start(_ => new PingAnswer(503));

        var result = await CronLockProcess.RunAsync(redis.Endpoint, Invocation(TestNames.Key(), server.Url(Secret), "true"), cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        AssertNoSecret(result);
        Assert.Equal(3, server.To("/start").Count);
        Assert.Equal(3, server.To("/0").Count);
        Assert.Equal(2, result.StandardErrorLines.Length);
        Assert.All(result.StandardErrorLines, line => Assert.Contains($"to http://127.0.0.1:{server.Port}/… failed: HTTP 503", line));
    }

    [Fact]
    public async Task A404_IsFinal_NoRetry()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start(_ => new PingAnswer(404));

        var result = await CronLockProcess.RunAsync(redis.Endpoint, Invocation(TestNames.Key(), server.Url(Secret), "true"), cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, result.StandardErrorLines.Length);
    }

    [Fact]
    public async Task ASlowServer_CostsAtMostTheBudget_AndTheCodeIsKept()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start(_ => new PingAnswer(200, TimeSpan.FromSeconds(30)));
        var invocation = Invocation(TestNames.Key(), server.Url(Secret), "sh", "-c", "exit 5").WithEnvironment("CRONLOCK_PING_TIMEOUT", "1");

        var clock = Stopwatch.StartNew();
        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, TimeSpan.FromSeconds(30), cancellationToken);

        result.ShouldExitWith(5);
        // Two pings, each three tries of 1s with short pauses between: under 10s, far from the server's 30s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Equal(2, result.StandardErrorLines.Length);
        Assert.All(result.StandardErrorLines, line => Assert.Contains("no answer within 1s", line));
    }

    [Fact]
    public async Task ADeadServer_IsOneWarningPerPing_AndTheCodeIsKept()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var url = $"http://127.0.0.1:{FreePort.Next()}/ping/{Secret}";

        var result = await CronLockProcess.RunAsync(redis.Endpoint, Invocation(TestNames.Key(), url, "sh", "-c", "exit 7"), cancellationToken: cancellationToken);

        result.ShouldExitWith(7);
        AssertNoSecret(result);
        Assert.Equal(2, result.StandardErrorLines.Length);
        Assert.All(result.StandardErrorLines, line => Assert.Contains("failed:", line));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FiveHosts_OnOneKey_OnlyTheWinnerPingsStartAndEnd(bool logHeld)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start();
        var invocation = Invocation(TestNames.Key(), server.Url(Secret), "sleep", "2")
            .WithEnvironment("CRONLOCK_PING_HELD", logHeld ? "log" : "none");

        var runs = Enumerable.Range(0, 5).Select(_ => CronLockProcess.Start(redis.Endpoint, invocation)).ToList();
        var results = new List<CronLockResult>();
        foreach (var run in runs)
        {
            await using (run)
            {
                results.Add(await run.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken));
            }
        }

        Assert.Equal(1, results.Count(r => r.ExitCode == 0));
        Assert.Equal(4, results.Count(r => r.ExitCode == 200));
        Assert.Single(server.To("/start"));
        Assert.Single(server.To("/0"));
        var logs = server.To("/log");
        Assert.Equal(logHeld ? 4 : 0, logs.Count);
        Assert.All(logs, log => Assert.StartsWith("the lock is held elsewhere until ", log.BodyText));
        Assert.Equal(logHeld ? 6 : 2, server.Requests.Count);
    }

    [Fact]
    public async Task UnreachableRedis_PingsFail_WithTheReason()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start();
        var invocation = Invocation(TestNames.Key(), server.Url(Secret), "true")
            .WithEnvironment("CRONLOCK_PORT", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_REDIS_TIMEOUT", "1")
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        var fail = Assert.Single(server.Requests);
        Assert.Equal($"/ping/{Secret}/fail", fail.Path);
        Assert.Equal("", fail.RunId);
        Assert.Contains("127.0.0.1", fail.BodyText);
        Assert.Single(fail.BodyText.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task TheTimeoutKill_PingsFail_WithTheStartsRunId()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start();
        var invocation = Invocation(TestNames.Key(), server.Url(Secret), "sleep", "30").WithEnvironment("CRONLOCK_TIMEOUT", "1");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(202);
        var start = Assert.Single(server.To("/start"));
        var fail = Assert.Single(server.To("/fail"));
        Assert.Equal(start.RunId, fail.RunId);
        Assert.Contains("CRONLOCK_TIMEOUT", fail.BodyText);
    }

    [Theory]
    [InlineData("CRONLOCK_PING_URL")]
    [InlineData("CRONLOCK_WEBHOOK_URL")]
    public async Task ABadUrl_Is201_NamingTheSettingNotTheValue_AndTheJobDoesNotRun(string variable)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran"))).WithEnvironment(variable, $"hc-ping.com/{Secret}");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        AssertNoSecret(result);
        Assert.Contains(variable, Assert.Single(result.StandardErrorLines));
        Assert.False(File.Exists(workspace.PathOf("ran")));
    }
}
