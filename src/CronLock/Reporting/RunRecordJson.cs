using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CronLock.Reporting;

/// <summary>
/// The one JSON shape of a run record: the webhook's body, and each entry of the history list
/// (--history --json). The output tail is UTF-8 text, bytes that are not UTF-8 replaced by U+FFFD:
/// readable in a chat message, and the byte-exact output is the job's own stdout anyway.
/// </summary>
internal static class RunRecordJson
{
    /// <summary>How much of the output's tail a history entry keeps: the list stays small in Redis.</summary>
    public const int HistoryTailBytes = 4096;

    /// <param name="tailBytes">At most this many of the output's last bytes (cut on a character boundary).</param>
    public static RunRecordDocument Document(RunRecord record, int tailBytes = int.MaxValue) => new(
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
        record.OutputTail is { } tail ? Tail(tail, tailBytes) : null);

    public static byte[] Serialize(RunRecord record) =>
        JsonSerializer.SerializeToUtf8Bytes(Document(record), RunRecordJsonContext.Default.RunRecordDocument);

    /// <summary>
    /// A history entry: the record with at most <see cref="HistoryTailBytes"/> of output. Written on every
    /// run (CRONLOCK_HISTORY is on by default), so with a bare <see cref="Utf8JsonWriter"/>: the
    /// serializer's first use costs a plain run about 3 ms and 80 page faults (bench/ab.sh). The
    /// same fields, names and order as <see cref="Serialize"/> (a unit test compares them).
    /// </summary>
    public static byte[] SerializeForHistory(RunRecord record)
    {
        var document = Document(record, HistoryTailBytes);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("key", document.Key);
            json.WriteString("host", document.Host);
            json.WriteNumber("pid", document.Pid);
            json.WriteString("command", document.Command);
            if (document.FencingToken is { } token)
            {
                json.WriteNumber("fencing_token", token);
            }
            else
            {
                json.WriteNull("fencing_token");
            }

            json.WriteString("started", document.Started);
            json.WriteString("ended", document.Ended);
            json.WriteNumber("duration_seconds", document.DurationSeconds);
            json.WriteNumber("exit_code", document.ExitCode);
            json.WriteString("outcome", document.Outcome);
            json.WriteString("reason", document.Reason);
            json.WriteString("output_tail", document.OutputTail);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

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

    /// <summary>The last bytes, starting on a character boundary, decoded with invalid bytes replaced.</summary>
    private static string Tail(byte[] output, int limit)
    {
        var start = Math.Max(0, output.Length - limit);
        // Skip UTF-8 continuation bytes so the cut does not leave half a character in front.
        while (start > 0 && start < output.Length && (output[start] & 0xC0) == 0x80)
        {
            start++;
        }

        return Encoding.UTF8.GetString(output, start, output.Length - start);
    }
}
