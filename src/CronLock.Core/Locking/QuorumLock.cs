using System.Diagnostics;

namespace CronLock.Core.Locking;

/// <summary>
/// Redlock: one lock on several independent Redis masters, held when a majority granted it within
/// its validity (TTL minus the time taking it took minus clock drift). A write counts when a
/// majority confirms it. The fencing token is the highest a granting master handed out: with
/// independent counters it is not strictly monotonic across a master's data loss, which is why
/// docs/production-redis.md recommends a single Redis with MIN_REPLICAS for fencing-critical jobs.
/// </summary>
internal sealed class QuorumLock(IReadOnlyList<IDistributedLock?> nodes) : IDistributedLock
{
    /// <summary>Clock drift allowance of the Redlock algorithm: 1% of the TTL plus 2 ms.</summary>
    private const double DriftFactor = 0.01;

    private readonly Quorum quorum = new(nodes.Count);

    /// <summary>Tries after a split vote: hosts that fired at the same second each took a minority.</summary>
    private const int SplitVoteTries = 3;

    private IEnumerable<IDistributedLock> Reachable => nodes.OfType<IDistributedLock>();

    /// <summary>
    /// Redlock's acquire, tried again after a random pause when the vote may have been split: we
    /// got some masters but not a majority, and every master answered. Hosts whose cron fires at
    /// the same second can each take a minority (three hosts, one master each) and all give back;
    /// without another try the job would run nowhere. A "held" answer does not say by whom, so a
    /// real holder costs the contenders a bounded few tries more, never a second run. A master
    /// that did not answer is not asked again: it would only stall the run once more.
    /// </summary>
    public async Task<AcquireResult> TryAcquireAsync(int ttlSeconds)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (result, splitVote) = await TryAcquireOnceAsync(ttlSeconds);
            if (!splitVote || attempt == SplitVoteTries)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 60)));
        }
    }

    private async Task<(AcquireResult Result, bool SplitVote)> TryAcquireOnceAsync(int ttlSeconds)
    {
        var started = Stopwatch.GetTimestamp();
        var reachable = Reachable.ToList();
        var results = await Task.WhenAll(reachable.Select(n => n.TryAcquireAsync(ttlSeconds)));
        var validity = TimeSpan.FromSeconds(ttlSeconds * (1 - DriftFactor)) - TimeSpan.FromMilliseconds(2) - Stopwatch.GetElapsedTime(started);
        var granted = results.OfType<AcquireResult.Acquired>().ToList();
        if (quorum.IsMajority(granted.Count) && validity > TimeSpan.Zero)
        {
            var lease = new LockLease(
                granted.Min(g => g.Lease.StartedAt),
                granted.Min(g => g.Lease.ExpiresAt),
                granted.Max(g => g.Lease.FencingToken));
            return (new AcquireResult.Acquired(lease, granted.Any(g => g.TookOverStale)), false);
        }

        // Not ours: give back what was granted, so no partial lock lingers. A master whose answer
        // was lost has already sent its give-back right behind the acquire (RedisLock), and one
        // that refused or answered an error holds nothing: asking them again would only wait on
        // a stalled master once more.
        await Task.WhenAll(reachable.Zip(results).Where(r => r.Second is AcquireResult.Acquired).Select(r => r.First.ReleaseAsync()));
        var answered = results.Count(r => r is not AcquireResult.Failed);
        if (!quorum.IsMajority(answered))
        {
            return (new AcquireResult.Failed(
                $"Redlock: only {answered} of {nodes.Count} masters answered; a majority of {quorum.Majority} is needed"), false);
        }

        // A pause is written to every master; it pauses when a majority of them has it, as a lock
        // holds when a majority grants it. A minority that still has it (a master that was down at
        // --resume) only refuses its own vote.
        var paused = results.OfType<AcquireResult.Paused>().ToList();
        if (quorum.IsMajority(paused.Count))
        {
            return (paused[0], false);
        }

        var held = results.OfType<AcquireResult.HeldElsewhere>().ToList();
        var splitVote = granted.Count > 0 && answered == results.Length;
        return (held.Count > 0
            ? new AcquireResult.HeldElsewhere(held.Max(h => h.HeldUntil), held.Max(h => h.ServerNow), held.Any(h => h.NotATime))
            : new AcquireResult.HeldElsewhere(null, 0), splitVote);
    }

    public async Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds) =>
        Combine(await Task.WhenAll(Reachable.Select(n => n.RenewAsync(leaseSeconds, releaseSeconds))), "renewed");

    public async Task<LeaveResult> KeepForGraceAsync(int graceSeconds, int exitCode, RunHistoryEntry? history = null) =>
        Combine(await Task.WhenAll(Reachable.Select(n => n.KeepForGraceAsync(graceSeconds, exitCode, history))), "left");

    public async Task<LeaveResult> ReleaseAsync() =>
        Combine(await Task.WhenAll(Reachable.Select(n => n.ReleaseAsync())), "left");

    public async Task<LeaveResult> GiveBackAsync() =>
        Combine(await Task.WhenAll(Reachable.Select(n => n.GiveBackAsync())), "left");

    public async Task<ResetResult> ResetAsync()
    {
        var results = await Task.WhenAll(Reachable.Select(n => n.ResetAsync()));
        var done = results.Count(r => r is ResetResult.Deleted or ResetResult.NothingToReset);
        if (!quorum.IsMajority(done))
        {
            return results.FirstOrDefault(r => r is ResetResult.NotALock or ResetResult.Failed)
                ?? new ResetResult.Failed("Redlock: no majority of masters answered");
        }

        return results.Any(r => r is ResetResult.Deleted) ? new ResetResult.Deleted() : new ResetResult.NothingToReset();
    }

    public async Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout) =>
        (await Task.WhenAll(Reachable.Select(n => n.ReplicasConfirmingAsync(replicas, timeout)))).DefaultIfEmpty(0).Min();

    /// <summary>
    /// A renew or leave holds only where a majority of the configured masters still hold the lock
    /// for us: a master down since the acquire, or one that lost the key, holds nothing, and a
    /// majority of the others could grant the lock to another host meanwhile.
    /// </summary>
    private LeaveResult Combine(LeaveResult[] results, string done)
    {
        var kept = results.OfType<LeaveResult.Kept>().ToList();
        var ended = results.Count(r => r is LeaveResult.Ended);
        var failures = results.OfType<LeaveResult.Failed>().ToList();
        return quorum.Judge(kept.Count, ended, failures.Count) switch
        {
            OwnedWriteVerdict.Kept => new LeaveResult.Kept(kept.Min(k => k.Seconds)),
            OwnedWriteVerdict.Ended => new LeaveResult.Ended(),
            OwnedWriteVerdict.Unknown => new LeaveResult.Failed(
                $"Redlock: {kept.Count + ended} of {nodes.Count} masters {done} the lock, {failures.Count} did not answer: {failures[0].Error}"),
            _ => new LeaveResult.NotOurs(
                $"Redlock: only {kept.Count + ended} of {nodes.Count} masters still held the lock, a majority of {quorum.Majority} is needed: another host can take it"),
        };
    }
}
