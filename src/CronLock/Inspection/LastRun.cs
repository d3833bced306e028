namespace CronLock.Inspection;

/// <summary>The last run of a job that finished under CronLock.</summary>
internal sealed record LastRun
{
    public required string Host { get; init; }
    public required int Pid { get; init; }
    public required string Command { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required DateTimeOffset Ended { get; init; }
    public required int ExitCode { get; init; }
    public required long DurationSeconds { get; init; }
    public required long FencingToken { get; init; }
}
