using System.Diagnostics;

namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// Runs a <c>sh -c</c> line the way a crontab entry runs, with <c>cronlock</c> on PATH and pointed at the test's
/// Redis; no CRONLOCK_* leaks in from the test host. Bounded: a hung script is killed with its children.
/// </summary>
internal static class ShellScript
{
    public static Process Start(RedisEndpoint redis, string script, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var startInfo = new ProcessStartInfo("sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);
        foreach (var inherited in startInfo.Environment.Keys.Where(k => k.StartsWith("CRONLOCK_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(inherited);
        }

        startInfo.Environment["PATH"] = Path.GetDirectoryName(CronLockBinary.Path) + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
        startInfo.Environment["CRONLOCK_HOST"] = redis.Host;
        startInfo.Environment["CRONLOCK_PORT"] = redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        return process;
    }

    public static async Task<ShellResult> WaitAsync(Process process, string script, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"sh -c '{script}' did not finish within {timeout.TotalSeconds:0.#} s and was killed.");
        }

        return new ShellResult(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<ShellResult> RunAsync(
        RedisEndpoint redis, string script, IEnumerable<KeyValuePair<string, string>> environment, CancellationToken cancellationToken)
    {
        using var process = Start(redis, script, environment);
        return await WaitAsync(process, script, TimeSpan.FromSeconds(30), cancellationToken);
    }
}
