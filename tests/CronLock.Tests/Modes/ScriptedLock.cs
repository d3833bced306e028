using CronLock.Core.Locking;

namespace CronLock.Tests.Modes;

/// <summary>
/// A lock that answers as a test scripts it and records what the mode asked of it. It stands in
/// for <see cref="IDistributedLock"/> only to test a mode's decisions; what real Redis answers is
/// covered end to end by the integration tests.
/// </summary>
internal sealed class ScriptedLock : IDistributedLock
{
    private readonly Queue<AcquireResult> _acquireAnswers;

    public ScriptedLock(params AcquireResult[] acquireAnswers) => _acquireAnswers = new(acquireAnswers);

    public int Tries { get; private set; }

    /// <summary>How many replicas confirm; a thrown exception when null and <see cref="ReplicaError"/> is set.</summary>
    public long ReplicasConfirming { get; init; }

    public Exception? ReplicaError { get; init; }

    public LeaveResult LeaveAnswer { get; init; } = new LeaveResult.Ended();

    /// <summary>Every leave asked for: "keep GRACE for code", "release" or "give back".</summary>
    public List<string> Leaves { get; } = [];

    public static AcquireResult Acquired => new AcquireResult.Acquired(new LockLease(1000, 1061, 7), TookOverStale: false);

    public static AcquireResult Held => new AcquireResult.HeldElsewhere(2000, 1000);

    public Task<AcquireResult> TryAcquireAsync(int ttlSeconds)
    {
        Tries++;
        return Task.FromResult(_acquireAnswers.Count > 1 ? _acquireAnswers.Dequeue() : _acquireAnswers.Peek());
    }

    public Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds) => Task.FromResult<LeaveResult>(new LeaveResult.Kept(leaseSeconds));

    public Task<LeaveResult> KeepForGraceAsync(int graceSeconds, int exitCode, RunHistoryEntry? history = null) => Leave($"keep {graceSeconds}s for code {exitCode}");

    public Task<LeaveResult> ReleaseAsync() => Leave("release");

    public Task<LeaveResult> GiveBackAsync() => Leave("give back");

    private Task<LeaveResult> Leave(string what)
    {
        Leaves.Add(what);
        return Task.FromResult(LeaveAnswer);
    }

    public Task<ResetResult> ResetAsync() => Task.FromResult<ResetResult>(new ResetResult.Deleted());

    public Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout) =>
        ReplicaError is { } error ? Task.FromException<long>(error) : Task.FromResult(ReplicasConfirming);
}
