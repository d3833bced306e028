using System.Globalization;
using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holders, KEYS[3] = last run.
/// ARGV[1] = holder id, ARGV[2] = GRACE, ARGV[3] = the job's exit code ("" when no job ran),
/// ARGV[4] = <see cref="LeaveScript.LastRunRetentionSeconds"/>.
/// As <see cref="LeaveScript"/>, for one holder's place: records the finished run, then keeps the
/// place until its start + GRACE + 1, or frees it when that has passed or no job ran. The lock key
/// follows the latest remaining place, and goes with the last one. Acts only if the place is still
/// this holder's. Returns -1 not ours (left alone), 0 freed, else the seconds the place is kept.
/// </summary>
internal static class SemaphoreLeaveScript
{
    public static readonly LockScript Script = new(
        "semaphore-leave",
        SemaphoreLua.Helpers + """
        local now = tonumber(redis.call('TIME')[1])
        local live, stale, ours = records(now)
        local mine = live[ARGV[1]]
        if not ours or not mine then
          return -1
        end
        local started = tonumber(mine.started)
        local keep = started + tonumber(ARGV[2]) + 1
        if ARGV[3] ~= '' then
          redis.call('DEL', KEYS[3])
          redis.call('HSET', KEYS[3], 'host', mine.host, 'pid', mine.pid, 'command', mine.command, 'token', mine.token,
            'started', started, 'ended', now, 'exit', ARGV[3], 'duration', now - started)
          redis.call('EXPIREAT', KEYS[3], now + tonumber(ARGV[4]))
        end
        local kept = 0
        if ARGV[3] == '' or keep <= now then
          live[ARGV[1]] = nil
          table.insert(stale, ARGV[1])
        else
          mine.expires = tostring(keep)
          mine.finished = tostring(now)
          redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(mine))
          kept = keep - now
        end
        prune(stale)
        settle(live, now)
        return kept
        """,
        "4acaa5482e1efeb02d456bb2683941990e399eed");

    /// <param name="Keys">The lock and its companions.</param>
    /// <param name="HolderId">This run's id: only its own place is touched.</param>
    /// <param name="GraceSeconds">How long after its start the place is kept (GRACE); unused when no job ran.</param>
    /// <param name="ExitCode">The job's exit code, recorded as the last run; null when no job ran: the place frees at once.</param>
    public sealed record Arguments(LockKeys Keys, string HolderId, int GraceSeconds, int? ExitCode) : IScriptArguments
    {
        /// <summary>No job ran: free the place now, record no run.</summary>
        public static Arguments Release(LockKeys keys, string holderId) => new(keys, holderId, GraceSeconds: 0, ExitCode: null);

        public LockScript Script => SemaphoreLeaveScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holders, Keys.LastRun];

        public RedisValue[] ToArgv() =>
            [HolderId, GraceSeconds, ExitCode?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, LeaveScript.LastRunRetentionSeconds];
    }
}
