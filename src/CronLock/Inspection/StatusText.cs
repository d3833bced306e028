using System.Globalization;
using CronLock.Logging;

namespace CronLock.Inspection;

/// <summary>
/// Renders a lock's status for people. Pure. Keys, commands, hosts and reasons come from Redis,
/// where anyone may have written anything: their control characters are escaped, so a lock is
/// one line of --list and a holder cannot forge lines of --status.
/// </summary>
internal static class StatusText
{
    public static string Format(LockStatus status)
    {
        var lines = new List<string> { Headline(status) };
        if (status.Holders is { } holders)
        {
            lines.AddRange(holders.Select(HolderLines));
        }
        else if (status.Holder is { } holder)
        {
            if (holder.Command.Length > 0)
            {
                lines.Add($"  command: {Text(holder.Command)}");
            }

            if (holder.ProcessRunning == false && holder.Finished is null)
            {
                lines.Add($"  holder process is gone (no pid {holder.Pid} on this host; normal for --acquire): the lock expires "
                    + (status.ExpiresAt is { } at ? $"at {Time(at)}" : "with its TTL") + ", or CRONLOCK_RESET=yes frees it now");
            }
        }

        if (status.Paused is { } pause)
        {
            lines.Add($"  {Pause(pause)}; runs exit 200 until then");
        }

        if (NotATimeWayOut(status) is { } wayOut)
        {
            lines.Add(wayOut);
        }

        if (status.LastRun is { } last)
        {
            lines.Add($"  last run: {Text(last.Host)} pid {last.Pid}, {Time(last.Started)} to {Time(last.Ended)}, "
                + $"exit code {last.ExitCode}, {last.DurationSeconds}s, fencing token {last.FencingToken}");
        }

        if (status.Slot is { } slot)
        {
            if (slot.LastSlot is { } at)
            {
                lines.Add($"  last slot: {Time(at)}, run by {Text(slot.Host ?? "?")} pid {slot.Pid}, started {Time(slot.Started ?? at)}, fencing token {slot.FencingToken}");
            }

            if (slot.Overrun is { } overrun)
            {
                lines.Add($"  {Overrun(overrun)}");
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>A skipped slot, as --status and --list show it.</summary>
    private static string Overrun(SlotOverrun overrun) =>
        $"overrun: slot {Time(overrun.Slot)} skipped at {Time(overrun.SeenAt)} (exit 205): {Text(overrun.Host)} pid {overrun.Pid}, started {Time(overrun.Started)}, still held the lock";

    /// <summary>The key and its state on one line: the first line of --status, and what --dry-run starts from.</summary>
    public static string Headline(LockStatus status) => $"{Text(status.Key)}: {Describe(status)}";

    /// <summary>One holder of a lock under a limit: who, since when, its token, and its command.</summary>
    private static string HolderLines(LockHolder h) =>
        $"  holder {Text(h.Host)} pid {h.Pid} since {Time(h.Started)}, fencing token {h.FencingToken}"
        + (h.Reason is { } reason ? $", reason: {Text(reason)}" : "")
        + (h.Finished is { } done ? $", job finished {Time(done)}, kept for GRACE" : "")
        + (h.ProcessRunning == false && h.Finished is null ? $", process gone (no pid {h.Pid} on this host)" : "")
        + (h.Command.Length > 0 ? $"\n    command: {Text(h.Command)}" : "");

    /// <summary>A foreign value that is no time blocks every run until it is deleted: the way out.</summary>
    private static string? NotATimeWayOut(LockStatus status) =>
        status.State == "foreign" && status.ExpiresAt is null
            ? "  the value is not a lock's expiry time, so no run takes this lock "
                + (status.TtlSeconds is > 0 ? "until its TTL ends" : "while it exists (it has no TTL)") + ": CRONLOCK_RESET=yes deletes it"
            : null;

    /// <summary>One line per lock, for --list: the key, its state and, when the holder recorded one, its command line.</summary>
    public static string FormatLine(LockStatus status) =>
        $"{Text(status.Key)}\t{Describe(status)}" + (status.Paused is { } pause && status.State != "paused_all" ? $"\t{Pause(pause)}" : "") + (status.Holder is { Command.Length: > 0 } holder ? $"\tcommand: {Text(holder.Command)}" : "")
        + (status.Slot?.LastSlot is { } slot ? $"\tlast slot: {Time(slot)}" : "")
        + (status.Slot?.Overrun is { } overrun ? $"\t{Overrun(overrun)}" : "");

    /// <summary>--list found nothing: said on stderr, so stdout stays one line per lock (none).</summary>
    public static string EmptyList(string prefix) => $"no locks under the prefix \"{Text(prefix)}\"";

    /// <summary>A pause in one line: "paused by HOST since T until T: reason" (the run's VERBOSE line, --status, --list).</summary>
    public static string Pause(PauseInfo pause) =>
        (pause.All ? "every job under the prefix paused" : "paused")
        + $" by {Text(pause.Host)}" + (pause.User is { } user ? $" ({Text(user)})" : "")
        + $" since {Time(pause.Since)} " + (pause.Until is { } until ? $"until {Time(until)}" : "until --resume")
        + (pause.Reason is { } reason ? $": {Text(reason)}" : "");

    private static string Describe(LockStatus status) => status.State switch
    {
        "paused_all" when status.Paused is { } pause => Pause(pause),
        "free" => "free",
        "not_a_lock" => $"not a lock (a {status.KeyType})",
        "held" when status.Holders is { } all =>
            $"held by {all.Count}/{status.Limit} holders (CRONLOCK_LIMIT)" + Expiry(status),
        "held" when status.Holder is { } h =>
            $"held by {Text(h.Host)} pid {h.Pid} since {Time(h.Started)}, fencing token {h.FencingToken}"
            + (h.Reason is { } reason ? $", reason: {Text(reason)}" : "")
            + (h.Slot is { } held ? $", running slot {Time(held)}" : "")
            + (h.Finished is { } done ? $", job finished {Time(done)}, kept for GRACE" : "")
            + Expiry(status),
        _ => "held by a foreign holder (golock, bash cronlock or another tool)"
            + (status.ExpiresAt is null ? ", value is not a time" : "") + Expiry(status),
    };

    private static string Expiry(LockStatus status) =>
        (status.ExpiresAt is { } at ? $", until {Time(at)}" : "")
        + status.TtlSeconds switch
        {
            null => "",
            < 0 => " (no TTL)",
            var ttl => $" (TTL {ttl}s)",
        };

    private static string Text(string value) => ControlCharacters.Escape(value);

    /// <summary>A time as every CronLock message shows it: UTC, ISO 8601, to the second.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
