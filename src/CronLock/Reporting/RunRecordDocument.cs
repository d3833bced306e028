namespace CronLock.Reporting;

/// <summary>
/// A run record as JSON shows it (webhook, and later --history --json): field names are the
/// documented schema in docs/monitoring.md, so renaming a property here is a breaking change.
/// </summary>
internal sealed record RunRecordDocument(
    string Key,
    string Host,
    int Pid,
    string Command,
    long? FencingToken,
    string Started,
    string Ended,
    double DurationSeconds,
    int ExitCode,
    string Outcome,
    string? Reason,
    string? OutputTail);
