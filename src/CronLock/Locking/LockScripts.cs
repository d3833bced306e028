namespace CronLock.Locking;

/// <summary>
/// Every compare-then-act on the lock, each one atomic. Times come from the Redis server's clock
/// (TIME) so that hosts whose clocks disagree still agree on when a lock expires. The key's value
/// stays golock's and bash cronlock's: the decimal unix second at which the lock ends at most.
/// </summary>
internal static class LockScripts
{
    /// <summary>
    /// KEYS[1] = lock key; ARGV[1] = RELEASE seconds.
    /// Takes the lock with SET NX EX; else takes over a stale key (its time has passed: a key
    /// without TTL as old cronlock versions leave); else reports the holder's expiry.
    /// Returns {status, server now, expiry}: status 1 acquired, 2 taken over, 0 held elsewhere
    /// (expiry -1 when the value is not a time: a foreign key we never touch).
    /// </summary>
    public static readonly LockScript Acquire = new(
        "acquire",
        """
        if redis.replicate_commands then redis.replicate_commands() end
        local now = tonumber(redis.call('TIME')[1])
        local release = tonumber(ARGV[1])
        local expires = now + release + 1
        if redis.call('SET', KEYS[1], expires, 'NX', 'EX', release) then
          return {1, now, expires}
        end
        local held = tonumber(redis.call('GET', KEYS[1]))
        if held == nil then
          return {0, now, -1}
        end
        if held < now then
          redis.call('SET', KEYS[1], expires, 'EX', release)
          return {2, now, expires}
        end
        return {0, now, held}
        """,
        "bc1b49e43e3b41015b0af5d2700e8fcb24bae377");

    /// <summary>
    /// KEYS[1] = lock key; ARGV[1] = the value this run wrote; ARGV[2] = the time the lock must
    /// last until (start + GRACE + 1; 0 to give it back at once).
    /// Acts only if the key still holds this run's value: another host's lock is never touched.
    /// Returns -1 not ours, 0 deleted, else seconds the lock is kept.
    /// </summary>
    public static readonly LockScript Leave = new(
        "leave",
        """
        if redis.replicate_commands then redis.replicate_commands() end
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return -1
        end
        local now = tonumber(redis.call('TIME')[1])
        local keep = tonumber(ARGV[2])
        if keep <= now then
          redis.call('DEL', KEYS[1])
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('EXPIREAT', KEYS[1], keep)
        return keep - now
        """,
        "12cb30321310cb7e32ce9a3e0c2e300053abf17c");

    public static readonly IReadOnlyList<LockScript> All = [Acquire, Leave];
}
