namespace CronLock.Inspection;

/// <summary>The CronLock run that holds a lock.</summary>
internal sealed record LockHolder
{
    public required string Host { get; init; }
    public required int Pid { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required string Command { get; init; }
    public required long FencingToken { get; init; }
    public required string HolderId { get; init; }

    /// <summary>Why it was taken (CRONLOCK_REASON / --reason); null when none was given.</summary>
    public string? Reason { get; init; }

    /// <summary>Set once the job ended and the lock is only kept for GRACE.</summary>
    public DateTimeOffset? Finished { get; init; }

    /// <summary>Whether the holder's process still runs; null when it ran on another host.</summary>
    public bool? ProcessRunning { get; init; }
}
