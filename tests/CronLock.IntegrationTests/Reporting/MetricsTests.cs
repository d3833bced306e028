using System.Diagnostics;
using CronLock.IntegrationTests.ProductionRedis;

namespace CronLock.IntegrationTests.Reporting;

/// <summary>
/// CRONLOCK_METRICS_DIR: after each run this host writes the job's textfile-collector file. It counts
/// runs by outcome across runs, passes promtool, and a real node_exporter serves it without a scrape error.
/// </summary>
public sealed class MetricsTests(RedisFixture redis)
{
    [Fact]
    public async Task RunsThatRanWereHeldAndFailed_AreCountedAcrossRuns_AndTheFilePassesPromtool()
    {
        Assert.SkipWhen(RequiredBinary.MissingOf("promtool") is not null, "promtool (Debian's prometheus) is not installed; .ci/run installs it");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = SafeKey();
        var run = CronLockInvocation.Of("--metrics-dir", workspace.Directory, "--key", key, "--grace", "0", "sh", "-c", "exit \"$1\"", "job", "0");
        var failing = CronLockInvocation.Of("--metrics-dir", workspace.Directory, "--key", key, "--grace", "0", "sh", "-c", "exit \"$1\"", "job", "3");

        (await CronLockProcess.RunAsync(redis.Endpoint, run, cancellationToken: cancellationToken)).ShouldExitWith(0);
        // Held elsewhere: a golock-style value with an expiry an hour ahead.
        await redis.Database().StringSetAsync("cronlock." + key, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(1));
        (await CronLockProcess.RunAsync(redis.Endpoint, run, cancellationToken: cancellationToken)).ShouldExitWith(200);
        await redis.Database().KeyDeleteAsync("cronlock." + key);
        (await CronLockProcess.RunAsync(redis.Endpoint, failing, cancellationToken: cancellationToken)).ShouldExitWith(3);

        var text = File.ReadAllText(MetricsFile(workspace, key));
        var label = $"key=\"cronlock.{key}\"";
        Assert.Contains($"cronlock_runs_total{{{label},outcome=\"ran\"}} 2\n", text, StringComparison.Ordinal);
        Assert.Contains($"cronlock_runs_total{{{label},outcome=\"held\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"cronlock_runs_total{{{label},outcome=\"error\"}} 0\n", text, StringComparison.Ordinal);
        Assert.Contains($"cronlock_last_exit_code{{{label}}} 3\n", text, StringComparison.Ordinal);
        Assert.Contains($"cronlock_last_success_timestamp_seconds{{{label}}} ", text, StringComparison.Ordinal);
        Assert.Equal([Path.GetFileName(MetricsFile(workspace, key))], Directory.GetFiles(workspace.Directory, "*.prom").Select(Path.GetFileName));

        var (code, output) = await PromtoolCheckAsync(MetricsFile(workspace, key), cancellationToken);
        Assert.True(code == 0, $"promtool check metrics failed ({code}):\n{output}\n{text}");
    }

    [Fact]
    public async Task AnUnreachableRedis_CountsAsAnError_WithExitCode201()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = SafeKey();
        var invocation = CronLockInvocation.Of("--metrics-dir", workspace.Directory, "--key", key, "true")
            .WithEnvironment("CRONLOCK_PORT", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1");

        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken)).ShouldExitWith(201);

        var text = File.ReadAllText(MetricsFile(workspace, key));
        Assert.Contains($"cronlock_runs_total{{key=\"cronlock.{key}\",outcome=\"error\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"cronlock_last_exit_code{{key=\"cronlock.{key}\"}} 201\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeExporter_ServesTheFile_WithNoScrapeError()
    {
        Assert.SkipWhen(RequiredBinary.MissingOf("prometheus-node-exporter") is not null, "prometheus-node-exporter is not installed; .ci/run installs it");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = SafeKey();
        (await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--metrics-dir", workspace.Directory, "--key", key, "true"), cancellationToken: cancellationToken))
            .ShouldExitWith(0);

        await using var exporter = await NodeExporter.StartAsync(workspace.Directory, cancellationToken);
        var page = await exporter.TryScrapeAsync(cancellationToken) ?? "";

        Assert.Contains("node_textfile_scrape_error 0\n", page, StringComparison.Ordinal);
        Assert.Contains($"cronlock_runs_total{{key=\"cronlock.{key}\",outcome=\"ran\"}} 1\n", page, StringComparison.Ordinal);
        Assert.Contains($"cronlock_last_exit_code{{key=\"cronlock.{key}\"}} 0\n", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASymlinkPlantedAtTheFileName_IsReplaced_ItsTargetUntouched()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = SafeKey();
        var target = workspace.PathOf("precious");
        File.WriteAllText(target, "keep me\n");
        File.CreateSymbolicLink(MetricsFile(workspace, key), target);

        (await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--metrics-dir", workspace.Directory, "--key", key, "true"), cancellationToken: cancellationToken))
            .ShouldExitWith(0);

        Assert.Equal("keep me\n", File.ReadAllText(target));
        Assert.Null(new FileInfo(MetricsFile(workspace, key)).LinkTarget);
        Assert.Contains("outcome=\"ran\"} 1\n", File.ReadAllText(MetricsFile(workspace, key)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("file", "is a regular file, not a directory")]
    public async Task AMetricsDirThatIsNoDirectory_IsOneLine201_AndTheJobDoesNotRun(string what, string expected)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var path = workspace.PathOf(what);
        if (what == "file")
        {
            File.WriteAllText(path, "");
        }

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(["--metrics-dir", path, .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        Assert.Single(result.StandardErrorLines);
        Assert.Contains($"CRONLOCK_METRICS_DIR {path} {expected}", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    /// <summary>A key of letters, digits and '_' only, so its file name is cronlock_KEY.prom with no hash.</summary>
    private static string SafeKey() => "m_" + Guid.NewGuid().ToString("N")[..12];

    private static string MetricsFile(Workspace workspace, string key) => Path.Combine(workspace.Directory, $"cronlock_{key}.prom");

    private static async Task<(int Code, string Output)> PromtoolCheckAsync(string file, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("promtool") { ArgumentList = { "check", "metrics" }, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(await File.ReadAllTextAsync(file, cancellationToken));
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync(cancellationToken) + await promtool.StandardError.ReadToEndAsync(cancellationToken);
        await promtool.WaitForExitAsync(cancellationToken);
        return (promtool.ExitCode, output);
    }
}
