namespace CronLock.Reporting;

/// <summary>
/// One run, as every sink reports it (pings, metrics, webhook, history, the summary log event).
/// Built once, when the run ends, from what the run observed; sinks only read it.
/// </summary>
/// <param name="Key">The full lock key (with its prefix).</param>
/// <param name="Host">This host's name.</param>
/// <param name="Pid">cronlock's own pid.</param>
/// <param name="Command">The job's command line, as logs show it.</param>
/// <param name="FencingToken">The fencing token this run held; null when it took no lock.</param>
/// <param name="Started">When this run began: the lock taken, or cronlock started when it took none.</param>
/// <param name="Ended">When the run ended (the job reaped, the lock left).</param>
/// <param name="ExitCode">cronlock's exit code for this run.</param>
/// <param name="Kind">What the run came to.</param>
/// <param name="Reason">The one-line reason when it did not simply run (the error, who holds the lock); null otherwise.</param>
/// <param name="OutputTail">The last bytes of the job's output when a sink had it captured; null otherwise.</param>
internal sealed record RunRecord(
    string Key,
    string Host,
    int Pid,
    string Command,
    long? FencingToken,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    int ExitCode,
    RunKind Kind,
    string? Reason,
    byte[]? OutputTail)
{
    public TimeSpan Duration => Ended - Started;
}
