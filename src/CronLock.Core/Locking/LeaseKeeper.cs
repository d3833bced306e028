namespace CronLock.Locking;

/// <summary>
/// Renews a leased lock every third of the lease while the protected work runs. The lock is lost
/// when renewal finds another owner, reaches the lock's maximum life, or cannot reach Redis before
/// the lease this holder last secured runs out; then <c>lost</c> is cancelled and
/// <see cref="LostReason"/> says why.
/// </summary>
internal sealed class LeaseKeeper(IDistributedLock redisLock, int leaseSeconds, int maxLifeSeconds, TimeProvider clock, Action<string>? onRenewalProblem = null)
{
    /// <summary>Why the lock was lost; null while it is held.</summary>
    public string? LostReason { get; private set; }

    public async Task KeepAsync(CancellationTokenSource lost, CancellationToken done)
    {
        var interval = TimeSpan.FromSeconds(leaseSeconds / 3.0);
        var securedUntil = clock.GetTimestamp() + Ticks(TimeSpan.FromSeconds(leaseSeconds));
        while (true)
        {
            try
            {
                await Task.Delay(interval, clock, done);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var left = clock.GetElapsedTime(clock.GetTimestamp(), securedUntil);
            if (left <= TimeSpan.Zero)
            {
                // Also what a holder sees after being paused (SIGSTOP, a VM freeze) past its lease.
                Lose(lost, "the lease ran out before it could be renewed (was this host paused?)");
                return;
            }

            var started = clock.GetTimestamp();
            LeaveResult result;
            try
            {
                result = await redisLock.RenewAsync(leaseSeconds, maxLifeSeconds).WaitAsync(left, clock, done);
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
                    break;
                case LeaveResult.NotOurs:
                    Lose(lost, "another holder has the lock now");
                    return;
                case LeaveResult.Ended:
                    Lose(lost, "the lock reached its maximum life (CRONLOCK_RELEASE) and is never renewed past it");
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
