namespace CronLock.Inspection;

/// <summary>A slot skipped (exit 205) because the run of an earlier slot still held the lock: which slot, when, and that run.</summary>
internal sealed record SlotOverrun
{
    public required DateTimeOffset Slot { get; init; }

    /// <summary>When a run came for the slot and found the earlier run still going (Redis's clock).</summary>
    public required DateTimeOffset SeenAt { get; init; }

    /// <summary>The run still going: host, pid and its start.</summary>
    public required string Host { get; init; }

    public required int Pid { get; init; }
    public required DateTimeOffset Started { get; init; }
}
