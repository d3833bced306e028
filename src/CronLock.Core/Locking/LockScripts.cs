namespace CronLock.Core.Locking;

/// <summary>
/// Every compare-then-act on the lock, each one atomic. Times come from the Redis server's clock
/// (TIME) so hosts whose clocks disagree still agree on when a lock expires. The lock key's value
/// stays golock's and bash cronlock's: the decimal unix second at which the lock ends at most, so
/// those tools still read our locks. Who holds it lives beside it in <see cref="LockKeys"/>'s
/// companion keys, in the same cluster slot, so every script is single-slot. Every script takes
/// the database as its last ARGV (see <see cref="Prelude"/>); the ARGV lists below omit it.
/// </summary>
internal static class LockScripts
{
    /// <summary>
    /// Starts every script. The last ARGV is the database ("" = the connection's): the script
    /// selects it itself, because the client pipelines its own SELECT and, should the server refuse
    /// it (an ACL user without +select, an index out of range), runs the next command in whatever
    /// database the connection is in. A refused SELECT inside the script fails the script instead.
    /// </summary>
    private const string Prelude = """
        if redis.replicate_commands then redis.replicate_commands() end
        local database = table.remove(ARGV)
        if database ~= '' then redis.call('SELECT', database) end

        """;

    /// <summary>
    /// Shared by the scripts that act for a holder: this run still owns the lock only if the
    /// holder record names it AND the lock key still holds the expiry that record wrote. A golock
    /// host that overwrote the value, or a newer holder after a reset within the same second,
    /// both fail the check. KEYS[1] = lock, KEYS[2] = holder; ARGV[1] = holder id.
    /// </summary>
    private const string Owned = Prelude + """
        local function owned()
          local expires = redis.call('HGET', KEYS[2], 'expires')
          return expires and redis.call('HGET', KEYS[2], 'id') == ARGV[1] and redis.call('GET', KEYS[1]) == expires
        end

        """;

    /// <summary>
    /// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = fence.
    /// ARGV[1] = seconds the key lives (RELEASE, or LEASE when renewing), ARGV[2] = holder id,
    /// ARGV[3] = host, ARGV[4] = pid, ARGV[5] = command line, ARGV[6] = reason ("" for none).
    /// Takes a free lock (golock's SET key value EX ttl), or takes over a stale one (its time has
    /// passed: a key without TTL, as old cronlock versions leave). The fencing token increases
    /// with every successful take, in the same step.
    /// Returns {status, server now, expiry, token}: status 1 acquired, 2 taken over,
    /// 0 held elsewhere (expiry = the holder's, -1 when the value is not a time: never touched).
    /// </summary>
    public static readonly LockScript Acquire = new(
        "acquire",
        Prelude + """
        local now = tonumber(redis.call('TIME')[1])
        local ttl = tonumber(ARGV[1])
        local current = redis.call('GET', KEYS[1])
        local status = 1
        if current then
          local held = tonumber(current)
          if held == nil or held >= now then
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
        return {status, now, expires, token}
        """,
        "9d94b6afbec662cbf2652d4008f11d1ca206f184");

    /// <summary>
    /// KEYS[1] = lock, KEYS[2] = holder; ARGV[1] = holder id, ARGV[2] = LEASE, ARGV[3] = RELEASE.
    /// Extends an owned lock to now + LEASE + 1, never past start + RELEASE + 1.
    /// Returns -1 not ours any more, 0 RELEASE reached, else the seconds the lock now lasts.
    /// </summary>
    public static readonly LockScript Renew = new(
        "renew",
        Owned + """
        if not owned() then
          return -1
        end
        local now = tonumber(redis.call('TIME')[1])
        local deadline = tonumber(redis.call('HGET', KEYS[2], 'started')) + tonumber(ARGV[3]) + 1
        local expires = math.min(now + tonumber(ARGV[2]) + 1, deadline)
        if expires <= now then
          return 0
        end
        redis.call('SET', KEYS[1], expires)
        redis.call('EXPIREAT', KEYS[1], expires)
        redis.call('HSET', KEYS[2], 'expires', expires)
        redis.call('EXPIREAT', KEYS[2], expires)
        return expires - now
        """,
        "c031737d5ff7550d91cec147a075237faf4782b8");

    /// <summary>
    /// How long the last-run record outlives its run: each run replaces it and starts this again,
    /// so a job that stopped running (renamed, removed) leaves nothing behind for good.
    /// </summary>
    public const int LastRunRetentionSeconds = 30 * 24 * 60 * 60;

    /// <summary>
    /// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = last run.
    /// ARGV[1] = holder id, ARGV[2] = GRACE, ARGV[3] = the job's exit code ("" when no job ran),
    /// ARGV[4] = <see cref="LastRunRetentionSeconds"/>.
    /// Records the finished run (kept that long after it), then keeps the lock until
    /// start + GRACE + 1 (value and EXPIREAT), or deletes it when that has passed or no job ran.
    /// Acts only if the lock is still ours.
    /// Returns -1 not ours (left alone), 0 deleted, else the seconds it is kept.
    /// </summary>
    public static readonly LockScript Leave = new(
        "leave",
        Owned + """
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
        "eb8c8a96233d4d4861ff5351d56ede37d243413a");

    /// <summary>
    /// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = last run, KEYS[4] = fence. Read only.
    /// Returns {server now, lock value, lock TTL, holder fields, last-run fields, fence, type}; a
    /// missing value or fence is "" (Lua's false would reach RESP2 and RESP3 clients differently).
    /// type is "" for a lock (a string, or no key), else the key's TYPE (a hash, a list: not a lock):
    /// GET of a declared key fails only with WRONGTYPE, on such a key. GET comes first so only such
    /// a key needs TYPE, which older least-privilege ACL users lack: refused, the type reads
    /// "non-string" and the read still answers.
    /// </summary>
    public static readonly LockScript Status = new(
        "status",
        Prelude + """
        local value = redis.pcall('GET', KEYS[1])
        local kind = ''
        if type(value) == 'table' then
          value, kind = false, redis.pcall('TYPE', KEYS[1])['ok'] or 'non-string'
        end
        return {tonumber(redis.call('TIME')[1]), value or '', redis.call('TTL', KEYS[1]),
          redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]), redis.call('GET', KEYS[4]) or '', kind}
        """,
        "00bf3a769909273550e51c747f21da49a45c53d3");

    /// <summary>
    /// KEYS[1] = lock, KEYS[2] = holder. Deletes both, whoever holds the lock (CRONLOCK_RESET),
    /// unless the lock key is not a string (a hash, a list: not a lock, some application's data).
    /// Returns "" when done, else the key's TYPE, the key left alone. GET first, as in Status.
    /// </summary>
    public static readonly LockScript Reset = new(
        "reset",
        Prelude + """
        if type(redis.pcall('GET', KEYS[1])) == 'table' then
          return redis.pcall('TYPE', KEYS[1])['ok'] or 'non-string'
        end
        redis.call('DEL', KEYS[1], KEYS[2])
        return ''
        """,
        "54e06bbaa2e1f1b8e10ab7c0afac792aa592d157");

    public static readonly IReadOnlyList<LockScript> All = [Acquire, Renew, Leave, Status, Reset];
}
