namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// cronlock's split mode and its status report as a script calls them, for one <c>--key</c>. The lock key is
/// spelled out from the documented default prefix, not taken from the code under test.
/// </summary>
internal sealed class SplitModeCli(RedisEndpoint redis, string key)
{
    public string Key => key;

    /// <summary>The Redis key cronlock locks for <c>--key</c> (default prefix <c>cronlock.</c>).</summary>
    public string LockKey => ExpectedKey.DefaultPrefix + key;

    /// <summary><c>cronlock --acquire --key K [extra...]</c>.</summary>
    public Task<CronLockResult> AcquireAsync(params string[] extra) =>
        RunAsync(new CronLockInvocation(["--acquire", "--key", key, .. extra]));

    /// <summary><c>cronlock --unlock TOKEN --key K</c>.</summary>
    public Task<CronLockResult> UnlockAsync(string token) =>
        RunAsync(new CronLockInvocation(["--unlock", token, "--key", key]));

    /// <summary><c>cronlock --status --key K</c> (text).</summary>
    public Task<CronLockResult> StatusAsync() =>
        RunAsync(new CronLockInvocation(["--status", "--key", key]));

    /// <summary><c>cronlock --status --json --key K</c>, parsed.</summary>
    public async Task<CliLockStatus> StatusJsonAsync()
    {
        var result = await RunAsync(new CronLockInvocation(["--status", "--json", "--key", key]));
        Assert.True(result.ExitCode is 0 or 200, $"--status failed.\n{result}");
        return CliLockStatus.Parse(result);
    }

    public Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis, invocation, cancellationToken: TestContext.Current.CancellationToken);

    public CronLockRun Start(CronLockInvocation invocation) => CronLockProcess.Start(redis, invocation);

    /// <summary>The holder token <c>--acquire</c> printed: exactly one non-empty line on stdout.</summary>
    public static string TokenOf(CronLockResult acquired)
    {
        var lines = acquired.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].Trim().Length > 0 && !lines[0].Trim().Contains(' ', StringComparison.Ordinal),
            $"--acquire should print exactly one token line on stdout.\n{acquired}");
        return lines[0].Trim();
    }
}
