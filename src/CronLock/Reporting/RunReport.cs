namespace CronLock.Reporting;

/// <summary>
/// The sinks this run reports to, and what the run told them so far. With no sink configured it is
/// <see cref="None"/> and costs nothing: no capture, no network, no file.
/// </summary>
internal sealed class RunReport(IReadOnlyList<IRunSink> sinks)
{
    public static RunReport None { get; } = new([]);

    /// <summary>True when at least one sink listens.</summary>
    public bool IsActive => sinks.Count > 0;

    /// <summary>Set when this host took the lock; null for a run that took none.</summary>
    public RunStart? Start { get; private set; }

    public void LockTaken(RunStart start)
    {
        // None is shared: it listens to nothing and keeps nothing.
        if (sinks.Count == 0)
        {
            return;
        }

        Start = start;
        foreach (var sink in sinks)
        {
            sink.LockTaken(start);
        }
    }

    /// <summary>All sinks at once: their budgets overlap instead of adding up.</summary>
    public Task FinishAsync(RunRecord record) =>
        sinks.Count == 1 ? sinks[0].FinishedAsync(record) : Task.WhenAll(sinks.Select(sink => sink.FinishedAsync(record)));
}
