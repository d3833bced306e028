using System.Globalization;
using System.Runtime.CompilerServices;
using CronLock.Core.Locking;
using StackExchange.Redis;

namespace CronLock.Inspection;

/// <summary>Reads locks (and their pauses) without changing them: one lock's status, or every lock under a prefix.</summary>
/// <param name="prefix">CRONLOCK_PREFIX: whose global pause (--pause --all) applies to every job.</param>
internal sealed class LockInspector(IConnectionMultiplexer connection, int database, string prefix)
{
    /// <summary>Keys read per SCAN page and per pipelined batch: bounds memory whatever the key count.</summary>
    private const int PageSize = 1000;

    private IDatabase Database => connection.GetDatabase(database);

    public async Task<LockStatus> StatusAsync(string lockKey) => (await StatusAtAsync(lockKey)).Status;

    /// <summary>One lock's status and Redis's clock at that read (unix seconds), which says whether its expiry has passed.</summary>
    public async Task<(LockStatus Status, long ServerNow)> StatusAtAsync(string lockKey)
    {
        // Sent together: the global pause lives in another cluster slot, so it is its own command.
        var global = GlobalPauseAsync();
        var (status, now) = await ReadAsync(lockKey, null);
        return (status with { Paused = status.Paused ?? await global }, now);
    }

    /// <summary>The lock's history list as stored, newest first (raw entries: --history parses them).</summary>
    public async Task<IReadOnlyList<string>> HistoryAsync(string lockKey) =>
        [.. (await connection.GetDatabase(database).ListRangeAsync(new LockKeys(lockKey).History)).Select(entry => entry.ToString())];

    /// <summary>
    /// Every lock whose key starts with the prefix, found with SCAN (never KEYS), then every paused job
    /// whose lock is free; first the pause of everything under the prefix, when there is one.
    /// </summary>
    public async IAsyncEnumerable<LockStatus> ListAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var globalKey = LockKeys.GlobalPause(prefix);
        var global = await GlobalPauseAsync();
        if (global is not null)
        {
            yield return new LockStatus { Key = globalKey, State = "paused_all", Paused = global };
        }

        // Paused jobs seen on the way, by their lock key: a few, however many locks there are.
        var paused = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<string>(PageSize);
        // Pause keys of locks without a hash tag start with '{': a second pattern finds them.
        string[] patterns = prefix.Length == 0 ? ["*"] : [GlobEscape(prefix) + "*", "{" + GlobEscape(prefix) + "*:paused"];
        foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
        {
            foreach (var pattern in patterns)
            {
                await foreach (var key in server.KeysAsync(database, pattern, PageSize).WithCancellation(cancellation))
                {
                    var name = key.ToString();
                    if (LockKeys.IsCompanion(name) || name == globalKey)
                    {
                        if (name != globalKey && LockKeys.LockOfPause(name) is { } pausedLock && pausedLock.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            paused.Add(pausedLock);
                        }

                        continue;
                    }

                    batch.Add(name);
                    if (batch.Count == PageSize)
                    {
                        foreach (var (status, _) in await Task.WhenAll(batch.Select(k => ReadAsync(k, global))))
                        {
                            yield return status;
                        }

                        batch.Clear();
                    }
                }
            }
        }

        foreach (var (status, _) in await Task.WhenAll(batch.Select(k => ReadAsync(k, global))))
        {
            yield return status;
        }

        // A paused job whose lock is free has no lock key for SCAN to find: listed from its pause
        // (one whose lock exists was listed above).
        foreach (var (status, _) in await Task.WhenAll(paused.Select(k => ReadAsync(k, global))))
        {
            if (status.State == "free")
            {
                yield return status;
            }
        }
    }

    /// <summary>The status script and the job's own pause, sent together (same slot).</summary>
    private async Task<(LockStatus Status, long ServerNow)> ReadAsync(string lockKey, PauseInfo? global)
    {
        // Sent together (same slot): the status script, the job's own pause, and the holders of a
        // limit (CRONLOCK_LIMIT), so neither costs a round trip more.
        var keys = new LockKeys(lockKey);
        var own = Database.HashGetAllAsync(keys.Paused);
        var holders = SemaphoreReply.ReadAsync(Database, keys);
        var reply = await StatusReply.ReadAsync(Database, keys);
        var pause = PauseRecord.Read(StatusReply.Fields(await own), global: false);
        return (Read(lockKey, reply, await holders) with { Paused = pause is null ? global : PauseInfo.Of(pause) }, reply.ServerNow);
    }

    private async Task<PauseInfo?> GlobalPauseAsync() =>
        PauseRecord.Read(StatusReply.Fields(await Database.HashGetAllAsync(LockKeys.GlobalPause(prefix))), global: true) is { } pause ? PauseInfo.Of(pause) : null;


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
            Holder = reply.HeldByRecordedHolder
                ? LockHolder.Of(HolderRecord.Read(reply.Holder)) with { Slot = reply.Holder.ContainsKey(HolderFields.Slot) ? At(reply.Holder.Long(HolderFields.Slot)) : null }
                : null,
            LastRun = reply.LastRun.Count > 0 ? ToLastRun(reply.LastRun) : null,
            FencingToken = reply.Fence,
            Slot = reply.Slot is { Count: > 0 } slot ? ToSlot(slot) : null,
        };
    }

    private static SlotRecord ToSlot(IReadOnlyDictionary<string, string> h) => new()
    {
        LastSlot = h.ContainsKey(SlotFields.Slot) ? At(h.Long(SlotFields.Slot)) : null,
        Host = h.ContainsKey(SlotFields.Slot) ? h.GetValueOrDefault(SlotFields.Host, "?") : null,
        Pid = h.ContainsKey(SlotFields.Slot) ? h.Int(SlotFields.Pid) : null,
        Started = h.ContainsKey(SlotFields.Slot) ? At(h.Long(SlotFields.Started)) : null,
        FencingToken = h.ContainsKey(SlotFields.Slot) ? h.Long(SlotFields.Token) : null,
        Overrun = h.ContainsKey(SlotFields.Overrun)
            ? new SlotOverrun
            {
                Slot = At(h.Long(SlotFields.Overrun)),
                SeenAt = At(h.Long(SlotFields.OverrunAt)),
                Host = h.GetValueOrDefault(SlotFields.OverrunHost, "?"),
                Pid = h.Int(SlotFields.OverrunPid),
                Started = At(h.Long(SlotFields.OverrunStarted)),
            }
            : null,
    };

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
