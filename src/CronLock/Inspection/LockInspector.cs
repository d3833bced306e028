using System.Globalization;
using System.Runtime.CompilerServices;
using CronLock.Locking;
using StackExchange.Redis;

namespace CronLock.Inspection;

/// <summary>Reads locks without changing them: one lock's status, or every lock under a prefix.</summary>
internal sealed class LockInspector(IConnectionMultiplexer connection, int database)
{
    /// <summary>Keys read per SCAN page and per pipelined batch: bounds memory whatever the key count.</summary>
    private const int PageSize = 1000;

    public async Task<LockStatus> StatusAsync(string lockKey)
    {
        var keys = new LockKeys(lockKey);
        var reply = (RedisResult[])(await connection.GetDatabase(database).EvaluateAsync(
            LockScripts.Status, [keys.Lock, keys.Holder, keys.LastRun, keys.Fence], []))!;
        return Read(lockKey, reply);
    }

    /// <summary>Every lock whose key starts with the prefix, found with SCAN (never KEYS).</summary>
    public async IAsyncEnumerable<LockStatus> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var batch = new List<string>(PageSize);
        foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(database, GlobEscape(prefix) + "*", PageSize).WithCancellation(cancellation))
            {
                var name = key.ToString();
                if (LockKeys.IsCompanion(name))
                {
                    continue;
                }

                batch.Add(name);
                if (batch.Count == PageSize)
                {
                    foreach (var status in await Task.WhenAll(batch.Select(StatusAsync)))
                    {
                        yield return status;
                    }

                    batch.Clear();
                }
            }
        }

        foreach (var status in await Task.WhenAll(batch.Select(StatusAsync)))
        {
            yield return status;
        }
    }

    private static LockStatus Read(string key, RedisResult[] reply)
    {
        var value = (string?)reply[1] is { Length: > 0 } text ? text : null;
        var holder = Fields(reply[3]);
        var last = Fields(reply[4]);
        var fence = long.TryParse((string?)reply[5], NumberStyles.None, CultureInfo.InvariantCulture, out var token) ? token : (long?)null;
        var expires = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? At(seconds) : (DateTimeOffset?)null;
        var ours = value is not null && holder.TryGetValue("expires", out var written) && written == value;
        return new LockStatus
        {
            Key = key,
            State = value is null ? "free" : ours ? "held" : "foreign",
            ExpiresAt = expires,
            TtlSeconds = value is null ? null : (long)reply[2],
            Holder = ours ? ToHolder(holder) : null,
            LastRun = last.Count > 0 ? ToLastRun(last) : null,
            FencingToken = fence,
        };
    }

    private static LockHolder ToHolder(Dictionary<string, string> h) => new()
    {
        Host = h.GetValueOrDefault("host", "?"),
        Pid = Int(h, "pid"),
        Started = At(Long(h, "started")),
        Command = h.GetValueOrDefault("command", ""),
        FencingToken = Long(h, "token"),
        HolderId = h.GetValueOrDefault("id", ""),
        Reason = h.GetValueOrDefault("reason") is { Length: > 0 } reason ? reason : null,
        Finished = h.ContainsKey("finished") ? At(Long(h, "finished")) : null,
    };

    private static LastRun ToLastRun(Dictionary<string, string> h) => new()
    {
        Host = h.GetValueOrDefault("host", "?"),
        Pid = Int(h, "pid"),
        Command = h.GetValueOrDefault("command", ""),
        Started = At(Long(h, "started")),
        Ended = At(Long(h, "ended")),
        ExitCode = Int(h, "exit"),
        DurationSeconds = Long(h, "duration"),
        FencingToken = Long(h, "token"),
    };

    private static Dictionary<string, string> Fields(RedisResult flat)
    {
        var items = (RedisResult[])flat!;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            fields[(string)items[i]!] = (string?)items[i + 1] ?? "";
        }

        return fields;
    }

    private static long Long(Dictionary<string, string> h, string name) =>
        long.TryParse(h.GetValueOrDefault(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static int Int(Dictionary<string, string> h, string name) => (int)Math.Clamp(Long(h, name), int.MinValue, int.MaxValue);

    private static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    private static string GlobEscape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
