using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests;

/// <summary>
/// What cronlock writes stays one line per event: a setting, a key or a reason holding a newline or another control
/// character is shown escaped, so a bad value cannot forge log lines in cron mail or rearrange --status output.
/// </summary>
public sealed partial class LogIntegrityTests(RedisFixture redis)
{
    [Theory]
    [InlineData(new[] { "CRONLOCK_PORT", "12\nFAKE: forged line" }, "\"12\\nFAKE: forged line\"")]
    [InlineData(new[] { "CRONLOCK_TIMEOUT", "5\r\nFAKE: forged line" }, "\"5\\r\\nFAKE: forged line\"")]
    [InlineData(new[] { "CRONLOCK_KEY_COMPAT", "x\u001b[2K\u2028FAKE\u0085" }, "\"x\\x1B[2K\\u2028FAKE\\x85\"")]
    [InlineData(new[] { "--port", "12\nFAKE: forged line" }, "\"12\\nFAKE: forged line\"")]
    public async Task Run_WithControlCharactersInABadValue_Exits201WithOneEscapedErrorLine(string[] setting, string escaped)
    {
        using var workspace = Workspace.Create();
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = setting[0].StartsWith("--", StringComparison.Ordinal)
            ? new CronLockInvocation([.. setting, .. job])
            : new CronLockInvocation(job).WithEnvironment(setting[0], setting[1]);

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(201);
        var line = Assert.Single(result.StandardErrorLines);
        Assert.True(LogLine().IsMatch(line), $"Not a log line: {line}\n{result}");
        Assert.Contains(escaped, line, StringComparison.Ordinal);
        Assert.False(line.Any(char.IsControl), $"The error line holds a control character.\n{result}");
        Assert.Empty(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Run_WithNewlineInKey_VerboseOutputIsOnlyLogLines()
    {
        using var workspace = Workspace.Create();
        var key = TestNames.Key() + "\nb forged";

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(["--verbose", "--key", key, .. Jobs.AppendLine(workspace.PathOf("ran"))]),
            cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.NotEmpty(result.StandardErrorLines);
        Assert.All(result.StandardErrorLines, line => Assert.True(LogLine().IsMatch(line), $"Not a log line: {line}\n{result}"));
        Assert.DoesNotContain(result.StandardErrorLines, line => line.StartsWith('b'));
        Assert.Contains(result.StandardErrorLines, line => line.Contains("\\nb forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_WithNewlineInReason_ShowsTheHolderOnOneLine()
    {
        var prefix = TestNames.Key() + ".";
        var key = "job\tname";
        CronLockInvocation Invocation(params string[] arguments) =>
            new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_PREFIX", prefix);
        Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
            CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);

        var acquired = (await RunAsync(Invocation("--acquire", "--key", key, "--release", "60", "--reason", "upgrade\nFAKE: forged line"))).ShouldExitWith(0);
        var token = acquired.StandardOutput.Trim();
        try
        {
            var status = (await RunAsync(Invocation("--status", "--key", key))).ShouldExitWith(200);
            var lines = status.StandardOutput.TrimEnd('\n').Split('\n');
            Assert.StartsWith(prefix + "job\\tname: held by ", lines[0], StringComparison.Ordinal);
            Assert.Contains(", reason: upgrade\\nFAKE: forged line,", lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain(lines, line => line.StartsWith("FAKE", StringComparison.Ordinal));

            var list = (await RunAsync(Invocation("--list"))).ShouldExitWith(0);
            var listed = Assert.Single(list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal([prefix + "job\\tname", listed.Split('\t')[1]], listed.Split('\t'));
            Assert.Contains("reason: upgrade\\nFAKE: forged line", listed, StringComparison.Ordinal);
        }
        finally
        {
            await RunAsync(Invocation("--unlock", token, "--key", key));
        }
    }

    /// <summary>One event as the text logger writes it: time, program and pid, level, message.</summary>
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d cronlock\[\d+\] (debug|information|warning|error|fatal): ")]
    private static partial Regex LogLine();
}
