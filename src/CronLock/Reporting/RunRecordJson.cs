using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CronLock.Reporting;

/// <summary>
/// The one JSON shape of a run record (the webhook's body; --history --json reuses it). The output
/// tail is UTF-8 text, bytes that are not UTF-8 replaced by U+FFFD: readable in a chat message, and
/// the byte-exact output is the job's own stdout anyway.
/// </summary>
internal static class RunRecordJson
{
    public static RunRecordDocument Document(RunRecord record) => new(
        record.Key,
        record.Host,
        record.Pid,
        record.Command,
        record.FencingToken,
        Time(record.Started),
        Time(record.Ended),
        Math.Round(record.Duration.TotalSeconds, 3),
        record.ExitCode,
        Outcome(record.Kind),
        record.Reason,
        record.OutputTail is { } tail ? Encoding.UTF8.GetString(tail) : null);

    public static byte[] Serialize(RunRecord record) =>
        JsonSerializer.SerializeToUtf8Bytes(Document(record), RunRecordJsonContext.Default.RunRecordDocument);

    /// <summary>The outcome word every sink uses: ran, held, error, timeout, lost.</summary>
    public static string Outcome(RunKind kind) => kind switch
    {
        RunKind.Ran => "ran",
        RunKind.Held => "held",
        RunKind.Error => "error",
        RunKind.Timeout => "timeout",
        RunKind.Lost => "lost",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
