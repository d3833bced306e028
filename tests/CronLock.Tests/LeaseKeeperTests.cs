using CronLock.Core.Locking;
using Microsoft.Extensions.Time.Testing;

namespace CronLock.Tests;

/// <summary>
/// The lease keeper with a fake clock and a scripted lock: long leases renew instead of overflowing a timer, and a
/// renewal that throws is reported as the lock lost (so the job is stopped) rather than escaping as an exception.
/// </summary>
public sealed class LeaseKeeperTests
{
    private const int TenYears = 315360000;

    [Theory]
    [InlineData(7_000_000)] // the renewal's timeout (what is left of the lease) is past one timer's reach
    [InlineData(13_000_000)] // the wait between renewals (a third of the lease) is past it too
    [InlineData(TenYears)]
    public async Task Keep_LeasePastATimersReach_RenewsAtEachThirdAndKeepsTheLock(int leaseSeconds)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var redisLock = new ScriptedLock(_ => new LeaveResult.Kept(leaseSeconds + 1));
        var keeper = new LeaseKeeper(redisLock, leaseSeconds, TenYears, clock);
        using var lost = new CancellationTokenSource();
        using var done = new CancellationTokenSource();

        var third = TimeSpan.FromSeconds(Math.Ceiling(leaseSeconds / 3.0));

        var keeping = keeper.KeepAsync(lost, done.Token);
        Assert.False(keeping.IsCompleted, $"The keeper stopped at once: {keeping.Exception?.InnerException?.Message}");
        clock.Advance(third);
        await redisLock.RenewedAsync(1).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        clock.Advance(third);
        await redisLock.RenewedAsync(2).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        Assert.False(lost.IsCancellationRequested, $"The lock was reported lost: {keeper.LostReason}");
        await done.CancelAsync();
        await keeping.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    [Fact]
    public async Task Keep_RenewalThrows_ReportsTheLockLostInsteadOfThrowing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var redisLock = new ScriptedLock(_ => throw new InvalidOperationException("renewal broke\nsecond line"));
        var keeper = new LeaseKeeper(redisLock, 30, 3600, clock);
        using var lost = new CancellationTokenSource();
        using var done = new CancellationTokenSource();

        var keeping = keeper.KeepAsync(lost, done.Token);
        clock.Advance(TimeSpan.FromSeconds(10));
        await keeping.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        Assert.True(lost.IsCancellationRequested, "A keeper that can no longer renew did not report the lock lost.");
        Assert.Equal("lease renewal stopped on an internal error: renewal broke", keeper.LostReason);
    }

    /// <summary>A lock whose renewals answer as the test says, counting them.</summary>
    private sealed class ScriptedLock(Func<int, LeaveResult> renew) : IDistributedLock
    {
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
        private int _renewals;

        public Task RenewedAsync(int count)
        {
            lock (_waiters)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_renewals >= count)
                {
                    reached.SetResult();
                }
                else
                {
                    _waiters.Add((count, reached));
                }

                return reached.Task;
            }
        }

        public Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds)
        {
            var result = renew(leaseSeconds);
            lock (_waiters)
            {
                _renewals++;
                foreach (var waiter in _waiters.Where(w => w.Count <= _renewals))
                {
                    waiter.Reached.TrySetResult();
                }
            }

            return Task.FromResult(result);
        }

        public Task<AcquireResult> TryAcquireAsync(int ttlSeconds) => throw new NotSupportedException();

        public Task<LeaveResult> KeepForGraceAsync(int graceSeconds, int exitCode, RunHistoryEntry? history = null) => throw new NotSupportedException();

        public Task<LeaveResult> ReleaseAsync() => throw new NotSupportedException();

        public Task<LeaveResult> GiveBackAsync() => throw new NotSupportedException();

        public Task<ResetResult> ResetAsync() => throw new NotSupportedException();

        public Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout) => throw new NotSupportedException();
    }
}
