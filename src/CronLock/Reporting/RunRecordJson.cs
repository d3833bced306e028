using System.Text;
using System.Text.Json;

namespace CronLock.Reporting;

/// <summary>The run record's one JSON form, for the history list (and anything else that sends a run as JSON).</summary>
internal static class RunRecordJson
{
    /// <summary>How much of the output's tail a history entry keeps: the list stays small in Redis.</summary>
    public const int HistoryTailBytes = 4096;

    public static RunRecordDocument Document(RunRecord record, int tailBytes) => new()
    {
        Key = record.Key,
        Host = record.Host,
        Pid = record.Pid,
        Command = record.Command,
        FencingToken = record.FencingToken,
        Started = record.Started.ToUniversalTime(),
        Ended = record.Ended.ToUniversalTime(),
        DurationSeconds = Math.Round(record.Duration.TotalSeconds, 3),
        ExitCode = record.ExitCode,
        Outcome = record.Kind.ToString().ToLowerInvariant(),
        Reason = record.Reason,
        OutputTail = record.OutputTail is { } tail ? Tail(tail, tailBytes) : null,
    };

    public static string Serialize(RunRecord record, int tailBytes) =>
        JsonSerializer.Serialize(Document(record, tailBytes), RunRecordJsonContext.Default.RunRecordDocument);

    /// <summary>A stored entry back; null when it is not one (written by something else).</summary>
    public static RunRecordDocument? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, RunRecordJsonContext.Default.RunRecordDocument);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The last bytes, starting on a character boundary, decoded with invalid bytes replaced.</summary>
    private static string Tail(byte[] output, int limit)
    {
        var start = Math.Max(0, output.Length - limit);
        // Skip UTF-8 continuation bytes so the cut does not leave half a character in front.
        while (start < output.Length && start > 0 && (output[start] & 0xC0) == 0x80)
        {
            start++;
        }

        return Encoding.UTF8.GetString(output, start, output.Length - start);
    }
}
