using CronLock.Core.Timing;

namespace CronLock.Core.Locking;

/// <summary>
/// Renews a leased lock every third of the lease while the protected work runs. The lock is lost
/// when renewal finds another owner, reaches the lock's maximum life, or cannot reach Redis before
/// the lease this holder last secured runs out; then <c>lost</c> is cancelled and
/// <see cref="LostReason"/> says why. It never throws: should renewal itself fail, nothing renews
/// the lease any more, and that too is reported as the lock lost, so the work is stopped before the
/// lease runs out under it.
/// </summary>
internal sealed class LeaseKeeper(
    IDistributedLock redisLock,
    int leaseSeconds,
    int maxLifeSeconds,
    TimeProvider clock,
    Action<string>? onRenewalProblem = null,
    Action<long>? onRenewed = null)
{
    /// <summary>Why the lock was lost; null while it is held.</summary>
    public string? LostReason { get; private set; }

    public async Task KeepAsync(CancellationTokenSource lost, CancellationToken done)
    {
        try
        {
            await RenewWhileHeldAsync(lost, done);
        }
        catch (Exception e) when (e is not OperationCanceledException || !done.IsCancellationRequested)
        {
            Lose(lost, $"lease renewal stopped on an internal error: {e.Message.Split('\n', 2)[0].TrimEnd()}");
        }
    }

    private async Task RenewWhileHeldAsync(CancellationTokenSource lost, CancellationToken done)
    {
        var interval = TimeSpan.FromSeconds(leaseSeconds / 3.0);
        var maxLifeEnds = clock.GetTimestamp() + Ticks(TimeSpan.FromSeconds(maxLifeSeconds));
        var securedUntil = clock.GetTimestamp() + Ticks(TimeSpan.FromSeconds(leaseSeconds));
        while (true)
        {
            try
            {
                await LongDelay.DelayAsync(interval, clock, done);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Past the secured lease (a pause, a slow Redis) the lock may still be ours if nobody
            // took it: one last quick renewal tells "lost to another holder" from "still ours".
            var left = clock.GetElapsedTime(clock.GetTimestamp(), securedUntil);
            var ranOut = left <= TimeSpan.Zero;
            var started = clock.GetTimestamp();
            LeaveResult result;
            try
            {
                result = await LongDelay.WaitAsync(redisLock.RenewAsync(leaseSeconds, maxLifeSeconds), ranOut ? TimeSpan.FromSeconds(1) : left, clock, done);
            }
            catch (TimeoutException)
            {
                Lose(lost, ranOut ? "the lease ran out before it could be renewed (was this host paused?)" : "Redis did not answer before the lease ran out");
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            switch (result)
            {
                case LeaveResult.Kept kept:
                    securedUntil = started + Ticks(TimeSpan.FromSeconds(kept.Seconds - 1));
                    onRenewed?.Invoke(kept.Seconds);
                    break;
                case LeaveResult.NotOurs when clock.GetTimestamp() >= maxLifeEnds - Ticks(TimeSpan.FromSeconds(1)):
                    // Renewal stops one whole second short of the maximum, so the key expired there.
                    Lose(lost, "the lock reached its maximum life (CRONLOCK_RELEASE) and is never renewed past it");
                    return;
                case LeaveResult.NotOurs notOurs:
                    Lose(lost, notOurs.Detail ?? "another holder has the lock now, or it expired while this host could not renew it");
                    return;
                case LeaveResult.Ended:
                    Lose(lost, "the lock reached its maximum life (CRONLOCK_RELEASE) and is never renewed past it");
                    return;
                case LeaveResult.Failed failed when ranOut:
                    Lose(lost, $"the lease ran out and renewal failed: {failed.Error}");
                    return;
                case LeaveResult.Failed failed:
                    onRenewalProblem?.Invoke($"lease renewal failed, will retry: {failed.Error}");
                    break;
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    private void Lose(CancellationTokenSource lost, string why)
    {
        LostReason = why;
        lost.Cancel();
    }
}
