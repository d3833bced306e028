using CronLock.Core.Locking;

namespace CronLock.Core;

/// <summary>A lock this process holds. Disposing it stops renewal and releases the lock.</summary>
public sealed class RedisLockHandle : IAsyncDisposable
{
    /// <summary>Renewal never extends a library lock past this: the lock's lease is its real bound.</summary>
    private const int NoMaximumLife = int.MaxValue / 2;

    private readonly RedisLock _lock;
    private readonly TimeProvider _clock;
    private CancellationTokenSource? _renewalDone;
    private Task _renewal = Task.CompletedTask;

    internal RedisLockHandle(RedisLock redisLock, string key, Holder holder, LockLease lease, TimeProvider clock)
    {
        _lock = redisLock;
        _clock = clock;
        Key = key;
        HolderId = holder.Id;
        FencingToken = lease.FencingToken;
        Started = DateTimeOffset.FromUnixTimeSeconds(lease.StartedAt);
        Ttl = TimeSpan.FromSeconds(lease.ExpiresAt - lease.StartedAt - 1);
    }

    /// <summary>The lock key.</summary>
    public string Key { get; }

    /// <summary>This holder's unique id.</summary>
    public string HolderId { get; }

    /// <summary>
    /// Strictly increasing across the holders of this key: pass it with every write the lock
    /// protects, and have the store reject a token lower than one it has seen.
    /// </summary>
    public long FencingToken { get; }

    /// <summary>When the lock was taken (Redis server clock).</summary>
    public DateTimeOffset Started { get; }

    /// <summary>The time to live it was taken (or last refreshed) with.</summary>
    public TimeSpan Ttl { get; private set; }

    /// <summary>Extends the lock to <paramref name="ttl"/> from now, if it is still ours.</summary>
    /// <returns>False when the lock is no longer ours (expired or taken by another holder).</returns>
    public async Task<bool> RefreshAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var result = await _lock.RenewAsync(RedisLocker.WholeSeconds(ttl), NoMaximumLife).WaitAsync(cancellationToken);
        if (result is LeaveResult.Failed failed)
        {
            throw new StackExchange.Redis.RedisException(failed.Error);
        }

        Ttl = ttl;
        return result is LeaveResult.Kept;
    }

    /// <summary>The lock's remaining time to live, or null when it is no longer ours.</summary>
    public async Task<TimeSpan?> GetTtlAsync(CancellationToken cancellationToken = default) =>
        await _lock.RemainingIfOursAsync().WaitAsync(cancellationToken);

    /// <summary>Gives the lock back, if it is still ours.</summary>
    /// <returns>False when it was no longer ours (nothing was touched).</returns>
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken = default)
    {
        await StopRenewalAsync();
        var result = await _lock.ReleaseAsync().WaitAsync(cancellationToken);
        return result is LeaveResult.Failed failed ? throw new StackExchange.Redis.RedisException(failed.Error) : result is not LeaveResult.NotOurs;
    }

    /// <summary>
    /// Renews the lock every third of its time to live until released. The returned token is
    /// cancelled when the lock is lost: stop the protected work when it is.
    /// </summary>
    public CancellationToken StartRenewal()
    {
        if (_renewalDone is not null)
        {
            throw new InvalidOperationException("renewal is already running");
        }

        var lost = new CancellationTokenSource();
        _renewalDone = new CancellationTokenSource();
        var keeper = new LeaseKeeper(_lock, RedisLocker.WholeSeconds(Ttl), NoMaximumLife, _clock);
        _renewal = keeper.KeepAsync(lost, _renewalDone.Token);
        return lost.Token;
    }

    /// <summary>Stops renewal and releases the lock if it is still ours.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        catch (StackExchange.Redis.RedisException)
        {
            // The lock expires by itself; disposal must not throw.
        }
    }

    private async Task StopRenewalAsync()
    {
        if (_renewalDone is { } done)
        {
            await done.CancelAsync();
            await _renewal;
        }
    }
}
