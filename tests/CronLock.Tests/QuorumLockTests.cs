using CronLock.Core.Locking;

namespace CronLock.Tests;

/// <summary>
/// How QuorumLock adds up its masters' answers. The masters here are stand-ins that answer as told: the answers
/// of real Redis masters are covered end to end (tests/CronLock.IntegrationTests/ProductionRedis/RedlockTests.cs).
/// </summary>
public sealed class QuorumLockTests
{
    private static readonly LeaveResult Kept = new LeaveResult.Kept(3);
    private static readonly LeaveResult NotOurs = new LeaveResult.NotOurs();
    private static readonly LeaveResult Failed = new LeaveResult.Failed("cannot renew the lock k: Timeout");

    [Fact]
    public async Task Renew_KeptOnOneMasterOnlyWithOneDownAndOneNotOurs_IsNotOurs()
    {
        var quorum = new QuorumLock([Answering(Kept), Answering(NotOurs), null]);

        var result = await quorum.RenewAsync(3, 60);

        var notOurs = Assert.IsType<LeaveResult.NotOurs>(result);
        Assert.Contains("1 of 3", notOurs.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_KeptOnOneMasterAndAnotherSilent_FailsSoTheKeeperRetries()
    {
        var quorum = new QuorumLock([Answering(Kept), Answering(Failed), null]);

        var result = await quorum.RenewAsync(3, 60);

        var failed = Assert.IsType<LeaveResult.Failed>(result);
        Assert.Contains("Timeout", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_KeptOnTwoOfThree_IsKeptForTheShorterOfTheTwo()
    {
        var quorum = new QuorumLock([Answering(new LeaveResult.Kept(4)), Answering(new LeaveResult.Kept(3)), null]);

        Assert.Equal(new LeaveResult.Kept(3), await quorum.RenewAsync(3, 60));
    }

    [Fact]
    public async Task KeepForGrace_KeptOnOneMasterOnly_IsNotOursNeverKept()
    {
        var quorum = new QuorumLock([Answering(Kept), Answering(NotOurs), null]);

        Assert.IsType<LeaveResult.NotOurs>(await quorum.KeepForGraceAsync(5, exitCode: 0));
    }

    [Fact]
    public async Task Release_GivenBackOnTwoOfThree_IsEnded()
    {
        var quorum = new QuorumLock([Answering(new LeaveResult.Ended()), Answering(new LeaveResult.Ended()), Answering(NotOurs)]);

        Assert.IsType<LeaveResult.Ended>(await quorum.ReleaseAsync());
    }

    [Fact]
    public async Task Acquire_WithoutAMajority_GivesBackOnlyWhereItWasGranted()
    {
        var granted = new Master(new AcquireResult.Acquired(new LockLease(100, 160, 1), false));
        var refused = new Master(new AcquireResult.HeldElsewhere(160, 100));
        var silent = new Master(new AcquireResult.Failed("cannot take the lock k: Timeout"));
        var quorum = new QuorumLock([granted, refused, silent]);

        var result = await quorum.TryAcquireAsync(60);

        Assert.IsType<AcquireResult.HeldElsewhere>(result);
        Assert.Equal(1, granted.GiveBacks);

        // The silent master gave back behind its own acquire already (RedisLock); asking again would only wait
        // on it a second time.
        Assert.Equal(0, silent.GiveBacks);
        Assert.Equal(0, refused.GiveBacks);
    }

    [Fact]
    public async Task Acquire_AfterASplitVote_TriesAgainAndTakesTheFreedMasters()
    {
        // Three hosts fired at once and each took one master: every one of them gives back, then tries again.
        var ours = new Master(Granted, Granted);
        var others = new[] { new Master(HeldElsewhere, Granted), new Master(HeldElsewhere, Granted) };
        var quorum = new QuorumLock([ours, .. others]);

        var result = await quorum.TryAcquireAsync(60);

        Assert.IsType<AcquireResult.Acquired>(result);
        Assert.Equal(1, ours.GiveBacks);
        Assert.All(others, master => Assert.Equal(2, master.Acquires));
    }

    [Fact]
    public async Task Acquire_WhileAMajorityIsHeld_GivesUpAfterABoundedFewTries()
    {
        var ours = new Master(Granted);
        var held = new[] { new Master(HeldElsewhere), new Master(HeldElsewhere) };
        var quorum = new QuorumLock([ours, .. held]);

        var result = await quorum.TryAcquireAsync(60);

        Assert.IsType<AcquireResult.HeldElsewhere>(result);
        Assert.Equal(3, ours.Acquires);
        Assert.Equal(ours.Acquires, ours.GiveBacks);
    }

    [Fact]
    public async Task Acquire_PausedOnAMajority_IsPaused_AndGivesBackWhatAMinorityGranted()
    {
        var pause = new AcquireResult.Paused(new PauseRecord("ops-1", "", 100, null, "", Global: true));
        var granted = new Master(Granted);
        var quorum = new QuorumLock([granted, new Master(pause), new Master(pause)]);

        var result = await quorum.TryAcquireAsync(60);

        Assert.Same(pause, result);
        Assert.Equal(1, granted.Acquires);
        Assert.Equal(1, granted.GiveBacks);
    }

    [Fact]
    public async Task Acquire_PausedOnAMinority_StillTakesTheLock()
    {
        var pause = new AcquireResult.Paused(new PauseRecord("ops-1", "", 100, null, "", Global: false));
        var quorum = new QuorumLock([new Master(Granted), new Master(Granted), new Master(pause)]);

        Assert.IsType<AcquireResult.Acquired>(await quorum.TryAcquireAsync(60));
    }

    private static AcquireResult Granted => new AcquireResult.Acquired(new LockLease(100, 160, 1), false);

    private static AcquireResult HeldElsewhere => new AcquireResult.HeldElsewhere(160, 100);

    private static Master Answering(LeaveResult renewAndLeave) => new(new AcquireResult.Failed("unused"), renewAndLeave);

    /// <summary>
    /// A master that answers as told (its acquires in turn, the last one repeated) and counts the acquires and
    /// give-backs it was sent.
    /// </summary>
    private sealed class Master(AcquireResult[] acquires, LeaveResult? renewAndLeave = null) : IDistributedLock
    {
        public Master(AcquireResult acquire, LeaveResult? renewAndLeave = null)
            : this([acquire], renewAndLeave)
        {
        }

        public Master(AcquireResult first, AcquireResult then)
            : this([first, then])
        {
        }

        public int GiveBacks { get; private set; }

        public int Acquires { get; private set; }

        public Task<AcquireResult> TryAcquireAsync(int ttlSeconds) => Task.FromResult(acquires[Math.Min(Acquires++, acquires.Length - 1)]);

        public Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds) => Task.FromResult(renewAndLeave ?? new LeaveResult.NotOurs());

        public Task<LeaveResult> KeepForGraceAsync(int graceSeconds, int exitCode, RunHistoryEntry? history = null) => Task.FromResult(renewAndLeave ?? new LeaveResult.Ended());

        public Task<LeaveResult> ReleaseAsync()
        {
            GiveBacks++;
            return Task.FromResult(renewAndLeave ?? new LeaveResult.Ended());
        }

        public Task<LeaveResult> GiveBackAsync() => ReleaseAsync();

        public Task<ResetResult> ResetAsync() => Task.FromResult<ResetResult>(new ResetResult.Deleted());

        public Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout) => Task.FromResult(0L);
    }
}
