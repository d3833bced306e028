namespace CronLock.Core.Locking;

/// <summary>
/// The fields of the last-run hash (<see cref="LockKeys.LastRun"/>), which the leave script writes
/// when a job has run; a unit test checks each name here appears in that script.
/// </summary>
internal static class LastRunFields
{
    public const string Host = "host";

    public const string Pid = "pid";

    public const string Command = "command";

    /// <summary>The run's fencing token.</summary>
    public const string Token = "token";

    public const string Started = "started";

    public const string Ended = "ended";

    /// <summary>The job's exit code.</summary>
    public const string Exit = "exit";

    /// <summary>Seconds from start to end.</summary>
    public const string Duration = "duration";
}
