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
        var startInfo = ToolProcess.StartInfo("sh", ["-c", script]);
        CronLockProcess.RemoveInheritedSettings(startInfo.Environment);
        startInfo.Environment["PATH"] = Path.GetDirectoryName(CronLockBinary.Path) + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
        startInfo.Environment["CRONLOCK_HOST"] = redis.Host;
        startInfo.Environment["CRONLOCK_PORT"] = redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return ToolProcess.Start(startInfo);
    }

    public static async Task<ToolResult> RunAsync(
        RedisEndpoint redis, string script, IEnumerable<KeyValuePair<string, string>> environment, CancellationToken cancellationToken)
    {
        using var process = Start(redis, script, environment);
        return await ToolProcess.WaitAsync(process, ToolProcess.DefaultTimeout, cancellationToken);
    }
}
