namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// The Lua the semaphore scripts (CRONLOCK_LIMIT above 1) share. KEYS[1] = lock, KEYS[2] = holders
/// (<see cref="LockKeys.Holders"/>): a hash of holder id to its record, a JSON object of strings
/// (cjson, which every Redis and Valkey script has). A record counts while its expiry has not passed
/// on Redis's clock. The lock key holds the latest expiry of the records (golock's format), so a
/// plain run, golock and bash cronlock see the lock held while any holder runs; the records count
/// only while the lock key holds exactly that expiry, so after a reset, or once a plain run has taken
/// the key, they are orphans and count for nothing.
/// </summary>
internal static class SemaphoreLua
{
    public const string Helpers = LockScripts.Prelude + """
        local function records(now)
          local live, stale, latest, soonest, count = {}, {}, nil, nil, 0
          local flat = redis.call('HGETALL', KEYS[2])
          for i = 1, #flat, 2 do
            local ok, record = pcall(cjson.decode, flat[i + 1])
            local expires = ok and type(record) == 'table' and tonumber(record.expires)
            if expires and expires >= now then
              live[flat[i]] = record
              count = count + 1
              latest = math.max(latest or expires, expires)
              soonest = math.min(soonest or expires, expires)
            else
              table.insert(stale, flat[i])
            end
          end
          local current = redis.call('GET', KEYS[1])
          local ours = current ~= false and latest ~= nil and tonumber(current) == latest
          return live, stale, ours, count, soonest, current
        end
        local function prune(stale)
          for i = 1, #stale, 1000 do
            redis.call('HDEL', KEYS[2], unpack(stale, i, math.min(i + 999, #stale)))
          end
        end
        local function settle(live, now)
          local latest = nil
          for _, record in pairs(live) do
            latest = math.max(latest or 0, tonumber(record.expires))
          end
          if latest == nil then
            redis.call('DEL', KEYS[1], KEYS[2])
            return
          end
          redis.call('SET', KEYS[1], latest)
          redis.call('EXPIREAT', KEYS[1], latest)
          redis.call('EXPIREAT', KEYS[2], latest)
        end

        """;
}
