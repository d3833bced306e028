using System.Globalization;
using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = last run, KEYS[4] = history.
/// ARGV[1] = holder id, ARGV[2] = GRACE, ARGV[3] = the job's exit code ("" when no job ran),
/// ARGV[4] = <see cref="LastRunRetentionSeconds"/>, ARGV[5] = runs the history keeps (0 = none),
/// ARGV[6] = this run's record for the history ("" = none).
/// Records the finished run (kept that long after it) and pushes it onto the history (capped,
/// same retention; with pcall, so a user whose ACL predates the history still leaves the lock),
/// then keeps the lock until
/// start + GRACE + 1 (value and EXPIREAT), or deletes it when that has passed or no job ran.
/// Acts only if the lock is still ours.
/// Returns -1 not ours (left alone), 0 deleted, else the seconds it is kept
/// (see <see cref="OwnedWriteReply"/>).
/// </summary>
internal static class LeaveScript
{
    /// <summary>
    /// How long the last-run record outlives its run: each run replaces it and starts this again,
    /// so a job that stopped running (renamed, removed) leaves nothing behind for good.
    /// </summary>
    public const int LastRunRetentionSeconds = 30 * 24 * 60 * 60;

    public static readonly LockScript Script = new(
        "leave",
        LockScripts.Owned + """
        if not owned() then
          return -1
        end
        local now = tonumber(redis.call('TIME')[1])
        local started = tonumber(redis.call('HGET', KEYS[2], 'started'))
        local keep = started + tonumber(ARGV[2]) + 1
        if ARGV[3] ~= '' then
          local h = redis.call('HMGET', KEYS[2], 'host', 'pid', 'command', 'token')
          redis.call('DEL', KEYS[3])
          redis.call('HSET', KEYS[3], 'host', h[1], 'pid', h[2], 'command', h[3], 'token', h[4],
            'started', started, 'ended', now, 'exit', ARGV[3], 'duration', now - started)
          redis.call('EXPIREAT', KEYS[3], now + tonumber(ARGV[4]))
          local keep_runs = tonumber(ARGV[5])
          if keep_runs > 0 and ARGV[6] ~= '' then
            redis.pcall('LPUSH', KEYS[4], ARGV[6])
            redis.pcall('LTRIM', KEYS[4], 0, keep_runs - 1)
            redis.pcall('EXPIREAT', KEYS[4], now + tonumber(ARGV[4]))
          end
        end
        if ARGV[3] == '' or keep <= now then
          redis.call('DEL', KEYS[1], KEYS[2])
          return 0
        end
        redis.call('SET', KEYS[1], keep)
        redis.call('EXPIREAT', KEYS[1], keep)
        redis.call('HSET', KEYS[2], 'expires', keep, 'finished', now)
        redis.call('EXPIREAT', KEYS[2], keep)
        return keep - now
        """,
        "acd9924e06e4ce695df8b7108fddfac15143e6fd");

    /// <param name="Keys">The lock and its companions.</param>
    /// <param name="HolderId">This run's id: the script acts only while the lock is still this holder's.</param>
    /// <param name="GraceSeconds">How long after its start the lock is kept (GRACE); unused when no job ran.</param>
    /// <param name="ExitCode">The job's exit code, recorded as the last run; null when no job ran: the lock is deleted at once.</param>
    /// <param name="History">The run for the history list; null to append nothing.</param>
    public sealed record Arguments(LockKeys Keys, string HolderId, int GraceSeconds, int? ExitCode, RunHistoryEntry? History = null) : IScriptArguments
    {
        /// <summary>No job ran: delete the lock now, record no run.</summary>
        public static Arguments Release(LockKeys keys, string holderId) => new(keys, holderId, GraceSeconds: 0, ExitCode: null);

        public LockScript Script => LeaveScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holder, Keys.LastRun, Keys.History];

        public RedisValue[] ToArgv() =>
            [HolderId, GraceSeconds, ExitCode?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, LastRunRetentionSeconds,
                History?.Keep ?? 0, History is { } history ? history.Json : string.Empty];
    }
}
