using System.Globalization;
using System.Runtime.CompilerServices;
using CronLock.Core.Locking;
using StackExchange.Redis;

namespace CronLock.Inspection;

/// <summary>Reads locks without changing them: one lock's status, or every lock under a prefix.</summary>
internal sealed class LockInspector(IConnectionMultiplexer connection, int database)
{
    /// <summary>Keys read per SCAN page and per pipelined batch: bounds memory whatever the key count.</summary>
    private const int PageSize = 1000;

    public async Task<LockStatus> StatusAsync(string lockKey) => (await StatusAtAsync(lockKey)).Status;

    /// <summary>One lock's status and Redis's clock at that read (unix seconds), which says whether its expiry has passed.</summary>
    public async Task<(LockStatus Status, long ServerNow)> StatusAtAsync(string lockKey)
    {
        // Both reads go out together: the holders of a limit (CRONLOCK_LIMIT) cost no round trip more.
        var db = connection.GetDatabase(database);
        var keys = new LockKeys(lockKey);
        var read = StatusReply.ReadAsync(db, keys);
        var holders = SemaphoreReply.ReadAsync(db, keys);
        var reply = await read;
        return (Read(lockKey, reply, await holders), reply.ServerNow);
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

    internal static LockStatus Read(string key, StatusReply reply, SemaphoreReply? semaphore = null)
    {
        if (semaphore is { Holders.Count: > 0 } && reply.IsLock)
        {
            return WithHolders(Read(key, reply), semaphore.Holders);
        }

        var expires = long.TryParse(reply.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? At(seconds) : (DateTimeOffset?)null;
        return new LockStatus
        {
            Key = key,
            State = !reply.IsLock ? "not_a_lock" : reply.Value is null ? "free" : reply.HeldByRecordedHolder ? "held" : "foreign",
            KeyType = reply.NotALockType,
            ExpiresAt = expires,
            TtlSeconds = reply.Value is null ? null : reply.TtlSeconds,
            Holder = reply.HeldByRecordedHolder ? LockHolder.Of(HolderRecord.Read(reply.Holder)) : null,
            LastRun = reply.LastRun.Count > 0 ? ToLastRun(reply.LastRun) : null,
            FencingToken = reply.Fence,
        };
    }

    /// <summary>
    /// A lock held under a limit: held by every holder that counts, the oldest one as the holder (the
    /// field a plain lock has), and the limit of the newest one (each run compares with its own).
    /// </summary>
    private static LockStatus WithHolders(LockStatus status, IReadOnlyList<IReadOnlyDictionary<string, string>> records)
    {
        var holders = records.Select(record => LockHolder.Of(HolderRecord.Read(record))).ToList();
        return status with
        {
            State = "held",
            Holder = holders[0],
            Holders = holders,
            Limit = records[^1].Int(SemaphoreReply.LimitField),
        };
    }

    private static LastRun ToLastRun(IReadOnlyDictionary<string, string> h) => new()
    {
        Host = h.GetValueOrDefault(LastRunFields.Host, "?"),
        Pid = h.Int(LastRunFields.Pid),
        Command = h.GetValueOrDefault(LastRunFields.Command, ""),
        Started = At(h.Long(LastRunFields.Started)),
        Ended = At(h.Long(LastRunFields.Ended)),
        ExitCode = h.Int(LastRunFields.Exit),
        DurationSeconds = h.Long(LastRunFields.Duration),
        FencingToken = h.Long(LastRunFields.Token),
    };

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
