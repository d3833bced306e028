using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests;

public sealed class HelpAndVersionTests(RedisFixture redis)
{
    public static TheoryData<string, string> Options => new()
    {
        { "--host", "CRONLOCK_HOST" },
        { "--port", "CRONLOCK_PORT" },
        { "--auth", "CRONLOCK_AUTH" },
        { "--db", "CRONLOCK_DB" },
        { "--redis-timeout", "CRONLOCK_REDIS_TIMEOUT" },
        { "--reconnect-attempts", "CRONLOCK_RECONNECT_ATTEMPTS" },
        { "--reconnect-backoff", "CRONLOCK_RECONNECT_BACKOFF" },
        { "--grace", "CRONLOCK_GRACE" },
        { "--release", "CRONLOCK_RELEASE" },
        { "--key", "CRONLOCK_KEY" },
        { "--prefix", "CRONLOCK_PREFIX" },
        { "--key-compat", "CRONLOCK_KEY_COMPAT" },
        { "--timeout", "CRONLOCK_TIMEOUT" },
        { "--tls", "CRONLOCK_TLS" },
        { "--tls-skip-verify", "CRONLOCK_TLS_SKIP_VERIFY" },
        { "--verbose", "CRONLOCK_VERBOSE" },
        { "--reset", "CRONLOCK_RESET" },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public async Task Help_ListsEveryOptionWithItsVariable(string flag, string variable)
    {
        var result = await RunAsync(CronLockInvocation.Of("--help"));

        result.ShouldExitWith(0);
        Assert.Matches(new Regex($@"(^|[\s,]){Regex.Escape(flag)}([\s,=<]|$)", RegexOptions.Multiline), result.StandardOutput);
        Assert.Matches(new Regex($@"\b{Regex.Escape(variable)}\b"), result.StandardOutput);
    }

    [Fact]
    public async Task Help_ShowsDefaults()
    {
        var result = await RunAsync(CronLockInvocation.Of("--help"));

        result.ShouldExitWith(0);
        foreach (var value in new[] { "6379", "86400", "cronlock." })
        {
            Assert.Contains(value, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_Usage_SaysOptionsComeBeforeTheCommand()
    {
        var result = await RunAsync(CronLockInvocation.Of("--help"));

        result.ShouldExitWith(0);
        Assert.Contains(
            "\nUsage:\n"
            + "  cronlock [options] [--] command [args...]\n"
            + "  cronlock --status|--list [--json] [options] [[--] command [args...]]\n"
            + "  cronlock --acquire|--unlock token|--reset [options] [[--] command [args...]]\n"
            + "  cronlock --dry-run [--json] [options] [--] command [args...]\n"
            + "  Options end at the command's first word: the rest goes to the command as is.\n\n",
            result.StandardOutput,
            StringComparison.Ordinal);
        Assert.DoesNotContain("[<command>...] [options]", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EndsWithTheExitCodes()
    {
        var result = await RunAsync(CronLockInvocation.Of("--help"));

        result.ShouldExitWith(0);
        Assert.EndsWith(
            "\n\nExit codes:\n"
            + "  200 the lock is held elsewhere, nothing ran; otherwise the command's own code\n"
            + "  201 cronlock failed, nothing ran: the one line on stderr says why\n"
            + "  202 killed at TIMEOUT; 203 lease lost, job stopped; 204 wrong --unlock token\n"
            + "  205 overrun: an earlier PERIOD/SCHEDULE slot still runs, this slot skipped\n"
            + "  126 command not executable; 127 command not found; 128+N killed by signal N\n",
            result.StandardOutput,
            StringComparison.Ordinal);
        Assert.All(result.StandardOutput.Split('\n'), line => Assert.True(line.Length <= 80, $"longer than 80 columns: {line}"));
    }

    [Fact]
    public async Task Version_PrintsAVersionAndExits0()
    {
        var result = await RunAsync(CronLockInvocation.Of("--version"));

        result.ShouldExitWith(0);
        Assert.Matches(@"\d+\.\d+\.\d+", result.StandardOutput);
    }

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);
}
