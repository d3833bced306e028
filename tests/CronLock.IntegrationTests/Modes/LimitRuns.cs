namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// Many runs of one job under CRONLOCK_LIMIT, started together, each job counting how many run at
/// once in a flock'd counter file: what the concurrency tests of a single server and a Cluster share.
/// </summary>
internal static class LimitRuns
{
    /// <summary>Raises the counter, notes it, sleeps, lowers it: "seen" holds the count each job saw as it started.</summary>
    private const string CountingJob =
        "exec 9>\"$1/lock\"; flock 9; n=$(( $(cat \"$1/cur\" 2>/dev/null || echo 0) + 1 )); echo $n > \"$1/cur\"; echo $n >> \"$1/seen\"; flock -u 9; "
        + "sleep 1; flock 9; n=$(( $(cat \"$1/cur\") - 1 )); echo $n > \"$1/cur\"; echo ran >> \"$1/ran\"";

    public static string[] Job(Workspace workspace) => Jobs.Shell(CountingJob, workspace.Directory);

    /// <summary>Starts <paramref name="count"/> runs, the i-th against <paramref name="endpoints"/>[i % n], and waits for them all.</summary>
    public static async Task<CronLockResult[]> RunAllAsync(IReadOnlyList<RedisEndpoint> endpoints, CronLockInvocation invocation, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var runs = new List<CronLockRun>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                runs.Add(CronLockProcess.Start(endpoints[i % endpoints.Count], invocation));
            }

            return await Task.WhenAll(runs.Select(r => r.WaitAsync(timeout, cancellationToken)));
        }
        finally
        {
            foreach (var run in runs)
            {
                await run.DisposeAsync();
            }
        }
    }

    /// <summary>The most jobs seen running at once.</summary>
    public static int MostAtOnce(Workspace workspace) =>
        workspace.LinesOf("seen").Select(line => int.Parse(line, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    public static string Summary(CronLockResult[] results) =>
        "exit codes: " + string.Join(", ", results.Select(r => r.ExitCode)) + "\n"
        + string.Join("\n", results.Where(r => r.ExitCode is not (0 or 200)).Take(3));
}
