namespace CronLock.Reporting;

/// <summary>
/// A place a run is reported to. Fail-open: a sink never throws, never changes the exit code and
/// spends at most its own bounded budget; a failure is one warning line.
/// </summary>
internal interface IRunSink
{
    /// <summary>This host took the lock; the job starts at once, so nothing here may wait on the network.</summary>
    void LockTaken(RunStart start);

    /// <summary>The run ended; awaited before cronlock exits, within the sink's budget.</summary>
    Task FinishedAsync(RunRecord record);
}
