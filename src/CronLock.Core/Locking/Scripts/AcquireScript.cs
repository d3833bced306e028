using System.Globalization;
using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = fence, KEYS[4] = the job's pause, KEYS[5] = slot
/// (read only with a slot rule), KEYS[6] = the global pause (--pause --all), only where it may share
/// the script (not on a Cluster: other slot).
/// ARGV[1] = seconds the key lives (RELEASE, or LEASE when renewing), ARGV[2] = holder id,
/// ARGV[3] = host, ARGV[4] = pid, ARGV[5] = command line, ARGV[6] = reason ("" for none);
/// with a slot rule ARGV[7] = how long the slot record is kept, ARGV[8...] = candidate slot starts.
/// Takes a free lock (golock's SET key value EX ttl), or takes over a stale one (its time has
/// passed: a key without TTL, as old cronlock versions leave). The fencing token increases
/// with every successful take, in the same step.
/// A pause wins over everything: nothing is written. With a slot rule the slot is the candidate
/// nearest to Redis's clock: a slot already run is not run again, and a lock still held by an
/// earlier slot's unfinished job skips this slot (overrun, recorded); a take marks the slot in the
/// same step.
/// Returns {status, server now, expiry, token}: status 1 acquired, 2 taken over,
/// 0 held elsewhere (expiry = the holder's, -1 when the value is not a time: never touched),
/// 3 paused (expiry = the pause's end, -1 until resumed; then the pause hash, and 0 for the job's
/// pause or 1 for the global one), 4 slot already ran, 5 overrun (expiry as for 0, token = the
/// slot run's). With a slot rule the reply of 1, 2, 4 and 5 goes on with {slot, host, pid, started}:
/// the slot and, for 4 and 5, who ran or holds it.
/// </summary>
internal static class AcquireScript
{
    public static readonly LockScript Script = new(
        "acquire",
        LockScripts.Prelude + """
        local now = tonumber(redis.call('TIME')[1])
        local ttl = tonumber(ARGV[1])
        local paused, global = redis.call('HGETALL', KEYS[4]), 0
        if #paused == 0 and KEYS[6] then
          paused, global = redis.call('HGETALL', KEYS[6]), 1
        end
        if #paused > 0 then
          local ends = 0
          for i = 1, #paused, 2 do
            if paused[i] == 'until' then ends = tonumber(paused[i + 1]) or 0 end
          end
          return {3, now, ends > 0 and ends or -1, 0, paused, global}
        end
        local slot = false
        if ARGV[7] then
          for i = 8, #ARGV do
            local candidate = tonumber(ARGV[i])
            if not slot or math.abs(candidate - now) < math.abs(slot - now) then
              slot = candidate
            end
          end
          local ran = redis.call('HMGET', KEYS[5], 'slot', 'host', 'pid', 'started', 'token')
          if ran[1] and tonumber(ran[1]) >= slot then
            return {4, now, -1, tonumber(ran[5]) or 0, tonumber(ran[1]), ran[2], ran[3], ran[4]}
          end
        end
        local current = redis.call('GET', KEYS[1])
        local status = 1
        if current then
          local held = tonumber(current)
          if held == nil or held >= now then
            if slot then
              local h = redis.call('HMGET', KEYS[2], 'expires', 'slot', 'finished', 'host', 'pid', 'started', 'token')
              if h[1] == current and h[2] and tonumber(h[2]) < slot and not h[3] then
                redis.call('HSET', KEYS[5], 'overrun', slot, 'overrun_at', now,
                  'overrun_host', h[4], 'overrun_pid', h[5], 'overrun_started', h[6])
                redis.call('EXPIREAT', KEYS[5], now + tonumber(ARGV[7]))
                return {5, now, held, tonumber(h[7]) or 0, slot, h[4], h[5], h[6]}
              end
            end
            return {0, now, held or -1, 0}
          end
          status = 2
        end
        local expires = now + ttl + 1
        redis.call('SET', KEYS[1], expires, 'EX', ttl)
        local token = redis.call('INCR', KEYS[3])
        redis.call('DEL', KEYS[2])
        redis.call('HSET', KEYS[2], 'id', ARGV[2], 'host', ARGV[3], 'pid', ARGV[4], 'started', now,
          'command', ARGV[5], 'token', token, 'expires', expires, 'reason', ARGV[6])
        redis.call('EXPIREAT', KEYS[2], expires)
        if slot then
          redis.call('HSET', KEYS[2], 'slot', slot)
          redis.call('HSET', KEYS[5], 'slot', slot, 'host', ARGV[3], 'pid', ARGV[4], 'started', now, 'token', token)
          redis.call('EXPIREAT', KEYS[5], now + tonumber(ARGV[7]))
          return {status, now, expires, token, slot, ARGV[3], ARGV[4], now}
        end
        return {status, now, expires, token}
        """,
        "7249015d1c7889f8c4d44ac26156eba4097cfa50");

    /// <summary>The reply {status, server now, expiry, token[, slot, host, pid, started]} as the answer to "may this run go ahead?".</summary>
    public static AcquireResult Read(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        var (status, now, expiry, token) = ((long)reply[0], (long)reply[1], (long)reply[2], (long)reply[3]);
        long? slot = status != 3 && reply.Length > 4 ? (long)reply[4] : null;
        return status switch
        {
            0 => new AcquireResult.HeldElsewhere(expiry < 0 ? null : expiry, now, NotATime: expiry < 0),
            3 => new AcquireResult.Paused(PauseRecord.Read(StatusReply.Fields(reply[4]), global: (long)reply[5] == 1)!),
            4 => new AcquireResult.SlotAlreadyRan(slot!.Value, Runner(reply), now),
            5 => new AcquireResult.Overrun(slot!.Value, Runner(reply), now),
            _ => new AcquireResult.Acquired(new LockLease(now, expiry, token), TookOverStale: status == 2, slot),
        };
    }

    private static SlotRunner Runner(RedisResult[] reply) =>
        new((string?)reply[5] ?? "?", Number(reply[6]) is var pid && pid is >= 0 and <= int.MaxValue ? (int)pid : 0, Number(reply[7]));

    private static long Number(RedisResult value) =>
        long.TryParse((string?)value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : 0;

    /// <param name="Keys">The lock and its companions.</param>
    /// <param name="TtlSeconds">How long the key lives: RELEASE, or LEASE when it is renewed.</param>
    /// <param name="Holder">Who takes the lock, recorded beside it in the holder hash.</param>
    /// <param name="SlotCandidates">With a slot rule, the slot starts around this host's clock the script picks from; null without one (nothing more is sent).</param>
    /// <param name="GlobalPause">The global pause key, when it may ride in the script (not on a Cluster).</param>
    public sealed record Arguments(LockKeys Keys, int TtlSeconds, Holder Holder, IReadOnlyList<long>? SlotCandidates = null, string? GlobalPause = null) : IScriptArguments
    {
        /// <summary>How long a slot record outlives its last write: as long as the last-run record.</summary>
        public const int SlotRetentionSeconds = LeaveScript.LastRunRetentionSeconds;

        public LockScript Script => AcquireScript.Script;

        public RedisKey[] ToKeys() => GlobalPause is null
            ? [Keys.Lock, Keys.Holder, Keys.Fence, Keys.Paused, Keys.Slot]
            : [Keys.Lock, Keys.Holder, Keys.Fence, Keys.Paused, Keys.Slot, GlobalPause];

        public RedisValue[] ToArgv() =>
            SlotCandidates is null
                ? [TtlSeconds, Holder.Id, Holder.Host, Holder.Pid, Holder.CommandLine, Holder.Reason]
                : [TtlSeconds, Holder.Id, Holder.Host, Holder.Pid, Holder.CommandLine, Holder.Reason, SlotRetentionSeconds, .. SlotCandidates.Select(c => (RedisValue)c)];
    }
}
