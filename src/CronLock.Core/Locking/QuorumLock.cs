using System.Diagnostics;

namespace CronLock.Locking;

/// <summary>
/// Redlock: one lock on several independent Redis masters, held when a majority granted it within
/// its validity (TTL minus the time taking it took minus clock drift). A write counts when a
/// majority confirms it. The fencing token is the highest a granting master handed out: with
/// independent counters it is not strictly monotonic across a master's data loss, which is why
/// docs/redlock.md recommends a single Redis with MIN_REPLICAS for fencing-critical jobs.
/// </summary>
internal sealed class QuorumLock(IReadOnlyList<IDistributedLock?> nodes) : IDistributedLock
{
    /// <summary>Clock drift allowance of the Redlock algorithm: 1% of the TTL plus 2 ms.</summary>
    private const double DriftFactor = 0.01;

    /// <summary>Every configured master counts, reachable or not, so one lost master never lowers the bar.</summary>
    private int Majority => (nodes.Count / 2) + 1;

    private IEnumerable<IDistributedLock> Reachable => nodes.OfType<IDistributedLock>();

    public async Task<AcquireResult> TryAcquireAsync(int ttlSeconds)
    {
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Reachable.Select(n => n.TryAcquireAsync(ttlSeconds)));
        var validity = TimeSpan.FromSeconds(ttlSeconds * (1 - DriftFactor)) - TimeSpan.FromMilliseconds(2) - Stopwatch.GetElapsedTime(started);
        var granted = results.OfType<AcquireResult.Acquired>().ToList();
        if (granted.Count >= Majority && validity > TimeSpan.Zero)
        {
            var lease = new LockLease(
                granted.Min(g => g.Lease.StartedAt),
                granted.Min(g => g.Lease.ExpiresAt),
                granted.Max(g => g.Lease.FencingToken));
            return new AcquireResult.Acquired(lease, granted.Any(g => g.TookOverStale));
        }

        // Not ours: give back what was granted, on every master, so no partial lock lingers.
        await Task.WhenAll(Reachable.Select(n => n.LeaveAsync(0, exitCode: null)));
        var failed = results.OfType<AcquireResult.Failed>().Count() + (nodes.Count - Reachable.Count());
        if (failed > nodes.Count - Majority)
        {
            return new AcquireResult.Failed(
                $"Redlock: only {nodes.Count - failed} of {nodes.Count} masters answered; a majority of {Majority} is needed");
        }

        var held = results.OfType<AcquireResult.HeldElsewhere>().ToList();
        return held.Count > 0
            ? new AcquireResult.HeldElsewhere(held.Max(h => h.HeldUntil), held.Max(h => h.ServerNow))
            : new AcquireResult.HeldElsewhere(null, 0);
    }

    public async Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds) =>
        Combine(await Task.WhenAll(Reachable.Select(n => n.RenewAsync(leaseSeconds, releaseSeconds))), "renew");

    public async Task<LeaveResult> LeaveAsync(int graceSeconds, int? exitCode) =>
        Combine(await Task.WhenAll(Reachable.Select(n => n.LeaveAsync(graceSeconds, exitCode))), "leave");

    public async Task<string?> ResetAsync()
    {
        var errors = (await Task.WhenAll(Reachable.Select(n => n.ResetAsync()))).OfType<string>().ToList();
        var failed = errors.Count + (nodes.Count - Reachable.Count());
        return failed > nodes.Count - Majority ? errors.FirstOrDefault() ?? "Redlock: no majority of masters answered" : null;
    }

    public async Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout) =>
        (await Task.WhenAll(Reachable.Select(n => n.ReplicasConfirmingAsync(replicas, timeout)))).DefaultIfEmpty(0).Min();

    private LeaveResult Combine(LeaveResult[] results, string what)
    {
        var kept = results.OfType<LeaveResult.Kept>().ToList();
        if (kept.Count >= Majority)
        {
            return new LeaveResult.Kept(kept.Min(k => k.Seconds));
        }

        if (results.Count(r => r is LeaveResult.NotOurs) > nodes.Count - Majority)
        {
            return new LeaveResult.NotOurs();
        }

        var failures = results.OfType<LeaveResult.Failed>().ToList();
        if (failures.Count + (nodes.Count - Reachable.Count()) > nodes.Count - Majority)
        {
            return new LeaveResult.Failed(failures.FirstOrDefault()?.Error ?? $"Redlock: no majority of masters answered the {what}");
        }

        return kept.Count > 0 ? new LeaveResult.Kept(kept.Max(k => k.Seconds)) : new LeaveResult.Ended();
    }
}
