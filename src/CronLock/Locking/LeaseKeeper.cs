using Serilog;

namespace CronLock.Locking;

/// <summary>
/// Renews a leased lock every third of the lease while the job runs (CRONLOCK_LEASE). The lock
/// is lost when renewal finds another owner, reaches RELEASE, or cannot reach Redis before the
/// lease this run last secured runs out; then <paramref name="lost"/> is cancelled.
/// </summary>
internal sealed class LeaseKeeper(RedisLock redisLock, int leaseSeconds, int releaseSeconds, ILogger log, TimeProvider clock)
{
    public async Task KeepAsync(CancellationTokenSource lost, CancellationToken jobDone)
    {
        var interval = TimeSpan.FromSeconds(leaseSeconds / 3.0);
        var securedUntil = clock.GetTimestamp() + Ticks(TimeSpan.FromSeconds(leaseSeconds));
        while (true)
        {
            try
            {
                await Task.Delay(interval, clock, jobDone);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var left = clock.GetElapsedTime(clock.GetTimestamp(), securedUntil);
            if (left <= TimeSpan.Zero)
            {
                Lose(lost, "the lease ran out before it could be renewed (was this host paused?)");
                return;
            }

            var started = clock.GetTimestamp();
            LeaveResult result;
            try
            {
                result = await redisLock.RenewAsync(leaseSeconds, releaseSeconds).WaitAsync(left, clock, jobDone);
            }
            catch (TimeoutException)
            {
                Lose(lost, "Redis did not answer before the lease ran out");
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
                    log.Debug("lease renewed for {Seconds}s", kept.Seconds);
                    break;
                case LeaveResult.NotOurs:
                    Lose(lost, "another holder has the lock now");
                    return;
                case LeaveResult.Ended:
                    Lose(lost, "CRONLOCK_RELEASE reached: a lock is never renewed past it");
                    return;
                case LeaveResult.Failed failed:
                    log.Warning("lease renewal failed, will retry: {Error}", failed.Error);
                    break;
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    private void Lose(CancellationTokenSource lost, string why)
    {
        log.Error("lock lost: {Why}", why);
        lost.Cancel();
    }
}
