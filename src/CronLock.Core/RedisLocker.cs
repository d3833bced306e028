using System.Diagnostics;
using CronLock.Core.Locking;
using CronLock.Core.Timing;
using StackExchange.Redis;

namespace CronLock.Core;

/// <summary>
/// Obtains locks in Redis, the same locks the <c>cronlock</c> CLI takes: the key holds the decimal
/// unix second at which it expires (golock's format), the holder and a fencing counter live beside
/// it in the same cluster slot, and every write after the take is checked against the owner.
/// </summary>
/// <example>
/// <code>
/// var locker = new RedisLocker(multiplexer);
/// await using var handle = await locker.ObtainAsync("cronlock.report", TimeSpan.FromSeconds(30));
/// if (handle is null) { return; } // held elsewhere
/// var lost = handle.StartRenewal();  // renewed every ttl/3; cancelled if the lock is lost
/// await DoWorkAsync(handle.FencingToken, lost);
/// </code>
/// </example>
public sealed class RedisLocker
{
    private readonly IConnectionMultiplexer _redis;
    private readonly int _database;
    private readonly TimeProvider _clock;

    /// <param name="redis">A connection the application already has.</param>
    /// <param name="database">The Redis database number (-1: the connection's default).</param>
    /// <param name="clock">For tests; the system clock by default.</param>
    public RedisLocker(IConnectionMultiplexer redis, int database = -1, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _database = database;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Takes the lock <paramref name="key"/> for <paramref name="ttl"/> (whole seconds, rounded up),
    /// retrying as <see cref="ObtainOptions.Retry"/> says.
    /// </summary>
    /// <returns>The held lock, or null when it stayed held elsewhere.</returns>
    /// <exception cref="RedisException">Redis could not be asked.</exception>
    public async Task<RedisLockHandle?> ObtainAsync(string key, TimeSpan ttl, ObtainOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        options ??= new ObtainOptions();
        var seconds = WholeSeconds(ttl);
        var holder = Holder.ForThisProcess(options.Description, Random.Shared, options.Reason);
        var redisLock = new RedisLock(_redis.GetDatabase(_database), new LockKeys(key), holder, new SecretRedactor());
        var started = Stopwatch.GetTimestamp();
        for (var retry = 1; ; retry++)
        {
            switch (await redisLock.TryAcquireAsync(seconds).WaitAsync(cancellationToken))
            {
                case AcquireResult.Acquired acquired:
                    return new RedisLockHandle(redisLock, key, holder, acquired.Lease, _clock);
                case AcquireResult.Failed failed:
                    throw new RedisException(failed.Error);
            }

            if (options.Retry.NextDelay(retry, Stopwatch.GetElapsedTime(started), Random.Shared) is not { } delay)
            {
                return null;
            }

            await LongDelay.DelayAsync(delay, _clock, cancellationToken);
        }
    }

    /// <summary>The remaining time to live of a lock, whoever holds it; null when it is free.</summary>
    public async Task<TimeSpan?> GetTtlAsync(string key, CancellationToken cancellationToken = default)
    {
        return await _redis.GetDatabase(_database).KeyTimeToLiveAsync(key).WaitAsync(cancellationToken);
    }

    /// <summary>Who holds a lock, when a CronLock holder does; null when it is free or held by another tool.</summary>
    public async Task<LockHolderInfo?> GetHolderAsync(string key, CancellationToken cancellationToken = default)
    {
        var status = await StatusReply.ReadAsync(_redis.GetDatabase(_database), new LockKeys(key)).WaitAsync(cancellationToken);
        return status.HeldByRecordedHolder ? HolderRecord.Read(status.Holder) : null;
    }

    internal static int WholeSeconds(TimeSpan ttl) =>
        ttl <= TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(ttl), "a lock needs a positive time to live")
        : (int)Math.Min(int.MaxValue, Math.Ceiling(ttl.TotalSeconds));
}
