using System.Diagnostics;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>Runs the published cronlock binary as a real process, the way cron would.</summary>
internal static class CronLockProcess
{
    private const string VariablePrefix = "CRONLOCK_";

    /// <summary>Starts cronlock against <paramref name="redis"/> without waiting; for concurrency and mid-run checks.</summary>
    public static CronLockRun Start(RedisEndpoint redis, CronLockInvocation invocation)
    {
        var executable = invocation.Executable ?? CronLockExecutable.Published;
        var startInfo = ToolProcess.StartInfo(executable.Program, [.. executable.LeadingArguments, .. invocation.Arguments]);
        RemoveInheritedSettings(startInfo.Environment);
        startInfo.Environment["CRONLOCK_HOST"] = redis.Host;
        startInfo.Environment["CRONLOCK_PORT"] = redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in invocation.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(startInfo)!;
        var run = new CronLockRun(invocation, process, clock);

        // Never let a job block on the test host's stdin: give it the test's input, or an immediate EOF.
        try
        {
            if (invocation.StandardInput is { } input)
            {
                process.StandardInput.Write(input);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // cronlock exited before reading its stdin (e.g. a config error); the result will show why.
        }

        return run;
    }

    /// <summary>
    /// Removes every CRONLOCK_* the test host inherited. Settings leak in from the developer's shell or CI otherwise;
    /// every run starts from the documented defaults.
    /// </summary>
    public static void RemoveInheritedSettings(IDictionary<string, string?> environment)
    {
        foreach (var inherited in environment.Keys.Where(k => k.StartsWith(VariablePrefix, StringComparison.Ordinal)).ToList())
        {
            environment.Remove(inherited);
        }
    }

    /// <summary>Runs cronlock to completion (bounded) and returns what it did.</summary>
    public static async Task<CronLockResult> RunAsync(
        RedisEndpoint redis, CronLockInvocation invocation, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await using var run = Start(redis, invocation);
        return await run.WaitAsync(timeout, cancellationToken);
    }
}
