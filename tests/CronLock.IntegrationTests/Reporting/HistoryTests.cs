using System.Text.Json;

namespace CronLock.IntegrationTests.Reporting;

/// <summary>
/// CRONLOCK_HISTORY: each run that took the lock appends its record to a capped list beside the lock, in the round
/// trip that leaves it; <c>cronlock --history</c> shows them newest first, whichever host ran them.
/// </summary>
public sealed class HistoryTests(RedisFixture redis)
{
    [Fact]
    public async Task RunsFromTwoHosts_AreShownNewestFirst_WithHostCodeAndToken()
    {
        Assert.SkipWhen(!CanRenameHost(), "unshare --uts needs root (CI runs as root)");
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();

        (await CronLockProcess.RunAsync(redis.Endpoint, AsHost("backup-a", "--key", key, "--grace", "0", "sh", "-c", "exit 0"), cancellationToken: cancellationToken)).ShouldExitWith(0);
        await LockGoneAsync(key, cancellationToken);
        (await CronLockProcess.RunAsync(redis.Endpoint, AsHost("backup-b", "--key", key, "--grace", "0", "sh", "-c", "exit 7"), cancellationToken: cancellationToken)).ShouldExitWith(7);

        var text = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--history", "--key", key), cancellationToken: cancellationToken);
        var json = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--history", "--json", "--key", key), cancellationToken: cancellationToken);

        text.ShouldExitWith(0);
        var lines = text.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains(" backup-b pid ", lines[0], StringComparison.Ordinal);
        Assert.Contains("ran, exit code 7", lines[0], StringComparison.Ordinal);
        Assert.Contains(" backup-a pid ", lines[1], StringComparison.Ordinal);
        Assert.Contains("ran, exit code 0", lines[1], StringComparison.Ordinal);

        json.ShouldExitWith(0);
        var runs = json.StandardOutput.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.Equal(["backup-b", "backup-a"], runs.Select(r => r.GetProperty("host").GetString()));
        Assert.Equal([7, 0], runs.Select(r => r.GetProperty("exit_code").GetInt32()));
        Assert.All(runs, r => Assert.Equal("cronlock." + key, r.GetProperty("key").GetString()));
        Assert.True(runs[0].GetProperty("fencing_token").GetInt64() > runs[1].GetProperty("fencing_token").GetInt64());
        Assert.All(runs, r => Assert.True(r.GetProperty("ended").GetDateTimeOffset() >= r.GetProperty("started").GetDateTimeOffset()));
    }

    [Fact]
    public async Task TheListKeepsOnlyCronlockHistoryRuns_AndATimeoutIsRecordedAsSuch()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();
        for (var i = 0; i < 3; i++)
        {
            (await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--key", key, "--grace", "0", "--history-size", "2", "sh", "-c", $"exit {i}"), cancellationToken: cancellationToken))
                .ShouldExitWith(i);
            await LockGoneAsync(key, cancellationToken);
        }

        (await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--key", key, "--grace", "0", "--history-size", "2", "--timeout", "1", "sleep", "30"), cancellationToken: cancellationToken))
            .ShouldExitWith(202);

        var json = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--history", "--json", "--key", key), cancellationToken: cancellationToken);
        var runs = json.StandardOutput.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal("timeout", runs[0].GetProperty("outcome").GetString());
        Assert.Equal(202, runs[0].GetProperty("exit_code").GetInt32());
        Assert.Contains("CRONLOCK_TIMEOUT", runs[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, runs[1].GetProperty("exit_code").GetInt32());
        Assert.True(await redis.Database().KeyTimeToLiveAsync($"{{cronlock.{key}}}:history") > TimeSpan.FromDays(29), "The history has no retention.");
    }

    [Fact]
    public async Task HistoryZero_RecordsNothing_AndAnEmptyHistorySaysSo()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();
        (await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--key", key, "true").WithEnvironment("CRONLOCK_HISTORY", "0"), cancellationToken: cancellationToken))
            .ShouldExitWith(0);

        var text = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--history", "--key", key), cancellationToken: cancellationToken);
        var json = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--history", "--json", "--key", key), cancellationToken: cancellationToken);

        Assert.False(await redis.Database().KeyExistsAsync($"{{cronlock.{key}}}:history"));
        text.ShouldExitWith(0);
        Assert.Equal("", text.StandardOutput);
        Assert.Contains("no finished runs recorded", text.StandardError, StringComparison.Ordinal);
        json.ShouldExitWith(0);
        Assert.Equal("", json.StandardOutput);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1001")]
    [InlineData("many")]
    public async Task ABadHistorySize_IsOneLine201(string value)
    {
        var result = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("true").WithEnvironment("CRONLOCK_HISTORY", value), cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(201);
        Assert.Contains("CRONLOCK_HISTORY", Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryAndStatusTogether_AreRefused()
    {
        var result = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--history", "--status", "--key", "x"), cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(201);
        Assert.Contains("cannot be combined", Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
    }

    /// <summary>GRACE 0 still keeps the lock to the end of its start's second: the next run waits for that.</summary>
    private Task LockGoneAsync(string key, CancellationToken cancellationToken) =>
        Poll.UntilAsync(async () => !await redis.Database().KeyExistsAsync("cronlock." + key), TimeSpan.FromSeconds(5), "the lock to end", cancellationToken);

    /// <summary>cronlock as another host: a UTS namespace of its own, whose host name is <paramref name="host"/>.</summary>
    private static CronLockInvocation AsHost(string host, params string[] arguments) =>
        new CronLockInvocation(["-c", $"hostname {host} && exec \"$0\" \"$@\"", CronLockBinary.Path, .. arguments])
        {
            Executable = new CronLockExecutable("unshare", ["--uts", "sh"]),
        };

    private static bool CanRenameHost() => Environment.UserName == "root";
}
