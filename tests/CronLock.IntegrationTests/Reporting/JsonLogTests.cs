using System.Text.Json;

namespace CronLock.IntegrationTests.Reporting;

/// <summary>
/// CRONLOCK_LOG_FORMAT=json: every line cronlock writes to stderr is one JSON object, and each run ends with a
/// summary event (key, host, outcome, exit code, duration, fencing token). Text stays the default; its summary
/// line comes only with VERBOSE.
/// </summary>
public sealed class JsonLogTests(RedisFixture redis)
{
    [Fact]
    public async Task EveryStderrLineIsJson_AndTheRunEndsWithItsSummary()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            CronLockInvocation.Of("--log-format", "json", "--verbose", "--key", key, "sh", "-c", "echo out; exit 4"), cancellationToken: cancellationToken);

        result.ShouldExitWith(4);
        Assert.Equal("out\n", result.StandardOutput);
        var events = Parse(result);
        Assert.True(events.Count > 2, result.ToString());
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("@m").GetString())));
        var summary = events[^1];
        Assert.Equal("cronlock." + key, summary.GetProperty("Key").GetString());
        Assert.Equal(Environment.MachineName, summary.GetProperty("Host").GetString());
        Assert.Equal("ran", summary.GetProperty("Outcome").GetString());
        Assert.Equal(4, summary.GetProperty("ExitCode").GetInt32());
        Assert.True(summary.GetProperty("FencingToken").GetInt64() >= 1);
        Assert.True(summary.GetProperty("DurationSeconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task AnUnreachableRedis_IsAJsonErrorLine_ThenAnErrorSummary()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var invocation = CronLockInvocation.Of("true")
            .WithEnvironment("CRONLOCK_LOG_FORMAT", "json")
            .WithEnvironment("CRONLOCK_PORT", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1");

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        var events = Parse(result);
        Assert.Equal(2, events.Count);
        Assert.Equal("Error", events[0].GetProperty("@l").GetString());
        Assert.Contains("cannot reach Redis", events[0].GetProperty("@m").GetString(), StringComparison.Ordinal);
        Assert.Equal("error", events[1].GetProperty("Outcome").GetString());
        Assert.Equal(JsonValueKind.Null, events[1].GetProperty("FencingToken").ValueKind);
    }

    [Fact]
    public async Task ABadSetting_IsOneJsonLine_WhenJsonWasAskedFor()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            CronLockInvocation.Of("true").WithEnvironment("CRONLOCK_LOG_FORMAT", "json").WithEnvironment("CRONLOCK_WAIT", "soon"), cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        var line = Assert.Single(Parse(result));
        Assert.Contains("CRONLOCK_WAIT", line.GetProperty("@m").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_HasNoSummaryLine_UnlessVerbose()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var quiet = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--key", TestNames.Key(), "true"), cancellationToken: cancellationToken);
        var verbose = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--verbose", "--key", TestNames.Key(), "true"), cancellationToken: cancellationToken);

        quiet.ShouldExitWith(0);
        Assert.Equal("", quiet.StandardError);
        verbose.ShouldExitWith(0);
        Assert.Contains("run ended: key cronlock.it.", verbose.StandardError, StringComparison.Ordinal);
        Assert.Contains(" outcome ran exit code 0 ", verbose.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadLogFormat_IsOneLine201()
    {
        var result = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--log-format", "xml", "true"), cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(201);
        Assert.Contains("CRONLOCK_LOG_FORMAT", Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
    }

    private static List<JsonElement> Parse(CronLockResult result) =>
        [.. result.StandardErrorLines.Select(line =>
        {
            try
            {
                return JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"not a JSON line: {line} ({e.Message})\n{result}");
            }
        })];
}
