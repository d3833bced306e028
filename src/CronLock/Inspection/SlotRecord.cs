namespace CronLock.Inspection;

/// <summary>The last schedule slot run of a job with CRONLOCK_PERIOD / CRONLOCK_SCHEDULE, and the last slot it skipped as an overrun.</summary>
internal sealed record SlotRecord
{
    /// <summary>The start of the last slot run, on the schedule; null when only an overrun is recorded.</summary>
    public DateTimeOffset? LastSlot { get; init; }

    public string? Host { get; init; }
    public int? Pid { get; init; }

    /// <summary>When that slot's run took the lock (Redis's clock).</summary>
    public DateTimeOffset? Started { get; init; }

    public long? FencingToken { get; init; }

    /// <summary>The last slot skipped because an earlier slot's run still held the lock; null when none was.</summary>
    public SlotOverrun? Overrun { get; init; }
}
