using System.Globalization;
using CronLock.Logging;
using CronLock.Reporting;

namespace CronLock.Inspection;

/// <summary>
/// One finished run of --history as a line for people. Pure. Hosts, commands, reasons and output
/// come from Redis, where anyone may have written anything: control characters are escaped, so a
/// run is one line (and its output, when kept, indented lines under it).
/// </summary>
internal static class HistoryText
{
    public static string Format(RunRecordDocument run)
    {
        var line = $"{Started(run)} {ControlCharacters.Escape(run.Host)} pid {run.Pid}: {run.Outcome}, exit code {run.ExitCode}, "
            + $"{run.DurationSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s"
            + (run.FencingToken is { } token ? $", fencing token {token}" : "")
            + (run.Reason is { Length: > 0 } reason ? $" ({ControlCharacters.Escape(reason)})" : "")
            + $": {ControlCharacters.Escape(run.Command)}";
        if (run.OutputTail is not { Length: > 0 } output)
        {
            return line;
        }

        var shown = output.TrimEnd('\n').Split('\n').Select(l => "  | " + ControlCharacters.Escape(l));
        return line + "\n" + string.Join("\n", shown);
    }

    private static string Started(RunRecordDocument run) =>
        DateTimeOffset.TryParse(run.Started, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? StatusText.Time(at) : ControlCharacters.Escape(run.Started);

    /// <summary>An entry that does not parse as a run record (written by something else): said, not hidden.</summary>
    public static string Unreadable(string raw) => $"(an entry that is not a CronLock run record: {ControlCharacters.Escape(raw.Length > 80 ? raw[..80] + "…" : raw)})";

    public static string Empty(string key) => $"{ControlCharacters.Escape(key)}: no finished runs recorded (CRONLOCK_HISTORY keeps them; a held or failed-to-connect run records none)";
}
