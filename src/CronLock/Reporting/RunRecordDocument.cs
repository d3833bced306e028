namespace CronLock.Reporting;

/// <summary>
/// The run record as JSON (snake_case): one entry of <c>--history --json</c>, and what the history list
/// in Redis stores. Times are the reporting host's clock, ISO 8601 in UTC.
/// </summary>
internal sealed record RunRecordDocument
{
    public required string Key { get; init; }
    public required string Host { get; init; }
    public required int Pid { get; init; }
    public required string Command { get; init; }
    public long? FencingToken { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required DateTimeOffset Ended { get; init; }
    public required double DurationSeconds { get; init; }
    public required int ExitCode { get; init; }

    /// <summary>ran, held, error, timeout or lost.</summary>
    public required string Outcome { get; init; }

    public string? Reason { get; init; }

    /// <summary>The last bytes of the job's output as UTF-8 text (invalid bytes replaced); present only when output was captured.</summary>
    public string? OutputTail { get; init; }
}
