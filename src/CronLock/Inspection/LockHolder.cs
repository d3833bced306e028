using System.Text.Json.Serialization;
using CronLock.Core;

namespace CronLock.Inspection;

/// <summary>
/// The holder of a lock as --status shows it (text and JSON): the holder record as CronLock.Core
/// reads it, plus whether its process still runs, which only the CLI's host can tell. Its
/// properties are the JSON's fields, in this order.
/// </summary>
internal sealed record LockHolder([property: JsonIgnore] LockHolderInfo Info)
{
    /// <summary>"?" when the record names no host.</summary>
    public string Host => Info.Host.Length > 0 ? Info.Host : "?";

    public int Pid => Info.Pid;

    public DateTimeOffset Started => Info.Started;

    public string Command => Info.Description;

    public long FencingToken => Info.FencingToken;

    public string HolderId => Info.HolderId;

    /// <summary>Why it was taken (CRONLOCK_REASON / --reason); null when none was given.</summary>
    public string? Reason => Info.Reason.Length > 0 ? Info.Reason : null;

    /// <summary>Set once the job ended and the lock is only kept for GRACE.</summary>
    public DateTimeOffset? Finished => Info.Finished;

    /// <summary>The schedule slot the holder runs for (CRONLOCK_PERIOD / CRONLOCK_SCHEDULE); null without a slot rule.</summary>
    public DateTimeOffset? Slot { get; init; }

    /// <summary>Whether the holder's process still runs; null when it ran on another host.</summary>
    public bool? ProcessRunning { get; init; }

    /// <summary>The holder, and whether its process runs when it ran on this host.</summary>
    public static LockHolder Of(LockHolderInfo info)
    {
        var holder = new LockHolder(info);
        return holder with { ProcessRunning = HolderProcess.IsRunning(holder.Host, holder.Pid) };
    }
}
