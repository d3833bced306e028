using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>A pid a job wrote to a file (<c>echo $$ &gt; file</c>), so the test can watch or clean up that process.</summary>
internal static class PidFile
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static int? TryRead(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Waits until the job wrote the pid; fails with cronlock's output if cronlock exits first.</summary>
    public static async Task<int> WaitAsync(string path, CronLockRun run, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(() => TryRead(path) is not null || run.HasExited, Timeout, $"the job to write its pid to {path}", cancellationToken);
        if (TryRead(path) is { } pid)
        {
            return pid;
        }

        Assert.Fail($"cronlock exited before the job wrote {path}.\n{await run.WaitAsync(cancellationToken: cancellationToken)}");
        return 0;
    }

    /// <summary>Waits until every listed process is gone (a zombie counts as gone: it was killed, only not reaped yet).</summary>
    public static Task WaitGoneAsync(IEnumerable<int> pids, string what, CancellationToken cancellationToken)
    {
        var list = pids.ToList();
        return Poll.UntilAsync(() => list.All(p => !ProcessProbe.IsAlive(p)), TimeSpan.FromSeconds(5),
            $"{what} (pids {string.Join(", ", list)}) to be gone", cancellationToken);
    }

    /// <summary>Cleanup for jobs a test deliberately orphaned or that a failing test left behind.</summary>
    public static void KillAll(IEnumerable<int?> pids)
    {
        foreach (var pid in pids)
        {
            if (pid is { } p)
            {
                ProcessProbe.KillIfAlive(p);
            }
        }
    }
}
