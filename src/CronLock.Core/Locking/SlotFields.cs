namespace CronLock.Core.Locking;

/// <summary>
/// The fields of the slot hash (<see cref="LockKeys.Slot"/>), which the acquire script writes for
/// a run with a slot rule; a unit test checks each name here appears in that script.
/// </summary>
internal static class SlotFields
{
    /// <summary>The last slot run: its start on the schedule, unix seconds.</summary>
    public const string Slot = "slot";

    public const string Host = "host";

    public const string Pid = "pid";

    /// <summary>When that slot's run took the lock (Redis's clock).</summary>
    public const string Started = "started";

    /// <summary>That run's fencing token.</summary>
    public const string Token = "token";

    /// <summary>The last slot skipped because an earlier slot's run still held the lock.</summary>
    public const string Overrun = "overrun";

    /// <summary>When that skip was seen (Redis's clock).</summary>
    public const string OverrunAt = "overrun_at";

    /// <summary>The run that overran: its host, pid and start.</summary>
    public const string OverrunHost = "overrun_host";

    public const string OverrunPid = "overrun_pid";

    public const string OverrunStarted = "overrun_started";
}
