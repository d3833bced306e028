using CronLock.Core.Locking;
using CronLock.Modes;
using Microsoft.Extensions.Time.Testing;

namespace CronLock.Tests.Modes;

public sealed class LockTakerTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task Take_HeldWithoutWait_TriesOnceAndReportsHeld()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Held);

        var result = await new LockTaker(Contexts.For([], _clock)).TakeAsync(redisLock, TestContext.Current.CancellationToken);

        Assert.IsType<AcquireResult.HeldElsewhere>(result);
        Assert.Equal(1, redisLock.Tries);
    }

    [Fact]
    public async Task Take_HeldThenFreedWithinWait_TakesItOnALaterPoll()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Held, ScriptedLock.Held, ScriptedLock.Acquired);
        var taker = new LockTaker(Contexts.For(new() { ["CRONLOCK_WAIT"] = "30" }, _clock));

        var result = await Contexts.AdvancingAsync(_clock, () => taker.TakeAsync(redisLock, TestContext.Current.CancellationToken));

        Assert.IsType<AcquireResult.Acquired>(result);
        Assert.Equal(3, redisLock.Tries);
        Assert.Empty(redisLock.Leaves);
    }

    [Fact]
    public async Task Take_HeldForTheWholeWait_GivesUpOnceTheWaitHasPassed_PollingAtMostEveryTwoSeconds()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Held);
        var taker = new LockTaker(Contexts.For(new() { ["CRONLOCK_WAIT"] = "20" }, _clock));
        var started = _clock.GetUtcNow();

        var result = await Contexts.AdvancingAsync(_clock, () => taker.TakeAsync(redisLock, TestContext.Current.CancellationToken));

        Assert.IsType<AcquireResult.HeldElsewhere>(result);
        var waited = _clock.GetUtcNow() - started;
        Assert.InRange(waited, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(21));

        // 100 ms doubling to 2 s (±20%): about 5 tries in the first 3 s, then one every ~2 s.
        Assert.InRange(redisLock.Tries, 12, 20);
    }

    [Fact]
    public async Task Take_HeldThenTheSlotRanElsewhere_StopsWaitingAtOnce()
    {
        var ran = new AcquireResult.SlotAlreadyRan(1200, new SlotRunner("host-b", 99, 1201), 1210);
        var redisLock = new ScriptedLock(ScriptedLock.Held, ran, ScriptedLock.Acquired);
        var taker = new LockTaker(Contexts.For(new() { ["CRONLOCK_WAIT"] = "30", ["CRONLOCK_PERIOD"] = "10m" }, _clock));

        var result = await Contexts.AdvancingAsync(_clock, () => taker.TakeAsync(redisLock, TestContext.Current.CancellationToken));

        Assert.Equal(ran, result);
        Assert.Equal(2, redisLock.Tries);
    }

    [Fact]
    public async Task Take_Overrun_IsFinal_AndEndsAs205()
    {
        var overrun = new AcquireResult.Overrun(1800, new SlotRunner("host-b", 99, 1201), 1810);
        var redisLock = new ScriptedLock(overrun, ScriptedLock.Acquired);
        var taker = new LockTaker(Contexts.For(new() { ["CRONLOCK_WAIT"] = "30", ["CRONLOCK_PERIOD"] = "10m" }, _clock));

        using var signals = new CronLock.Running.SignalRelay();

        var result = await taker.TakeAsync(redisLock, TestContext.Current.CancellationToken);

        Assert.Equal(overrun, result);
        Assert.Equal(1, redisLock.Tries);
        Assert.Equal(205, NotTaken.Outcome(result, Serilog.Core.Logger.None, signals).ExitCode);
    }

    [Fact]
    public async Task Take_SignalWhileWaiting_StopsWaitingWithoutAResult()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Held);
        var taker = new LockTaker(Contexts.For(new() { ["CRONLOCK_WAIT"] = "3600" }, _clock));
        using var signal = new CancellationTokenSource();

        var taking = taker.TakeAsync(redisLock, signal.Token);
        await signal.CancelAsync();

        Assert.Null(await taking);
    }

    [Fact]
    public void Polling_IsJitteredAndGrowsToTwoSeconds_AndEndsWithTheWait()
    {
        var polling = LockTaker.Polling(waitSeconds: 10);
        var random = new Random(7);

        Assert.InRange(polling.NextDelay(1, TimeSpan.Zero, random)!.Value.TotalMilliseconds, 80, 120);
        Assert.InRange(polling.NextDelay(2, TimeSpan.Zero, random)!.Value.TotalMilliseconds, 160, 240);
        Assert.InRange(polling.NextDelay(20, TimeSpan.Zero, random)!.Value.TotalMilliseconds, 1600, 2400);
        Assert.Equal(TimeSpan.FromSeconds(0.5), polling.NextDelay(20, TimeSpan.FromSeconds(9.5), random));
        Assert.Null(polling.NextDelay(20, TimeSpan.FromSeconds(10), random));
    }

    [Fact]
    public async Task Take_TooFewReplicasConfirm_GivesTheLockBackAndFailsNamingTheSetting()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Acquired) { ReplicasConfirming = 1 };
        var taker = new LockTaker(Contexts.For(new() { ["CRONLOCK_MIN_REPLICAS"] = "2", ["CRONLOCK_GRACE"] = "30" }, _clock));

        var result = await taker.TakeAsync(redisLock, TestContext.Current.CancellationToken);

        var failed = Assert.IsType<AcquireResult.Failed>(result);
        Assert.StartsWith("only 1 of 2 replicas (CRONLOCK_MIN_REPLICAS) confirmed the lock", failed.Error);
        Assert.Equal(["give back"], redisLock.Leaves);
    }

    [Fact]
    public async Task Take_WaitCommandFails_GivesTheLockBackAndSaysWaitFailed()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Acquired) { ReplicaError = new TimeoutException("Timeout performing WAIT") };
        var taker = new LockTaker(Contexts.For(new() { ["CRONLOCK_MIN_REPLICAS"] = "1" }, _clock));

        var result = await taker.TakeAsync(redisLock, TestContext.Current.CancellationToken);

        var failed = Assert.IsType<AcquireResult.Failed>(result);
        Assert.StartsWith("CRONLOCK_MIN_REPLICAS (1): WAIT failed: Timeout performing WAIT", failed.Error);
        Assert.Equal(["give back"], redisLock.Leaves);
    }

    [Fact]
    public async Task Take_EnoughReplicasConfirm_KeepsTheLock()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Acquired) { ReplicasConfirming = 2 };
        var taker = new LockTaker(Contexts.For(new() { ["CRONLOCK_MIN_REPLICAS"] = "2" }, _clock));

        Assert.IsType<AcquireResult.Acquired>(await taker.TakeAsync(redisLock, TestContext.Current.CancellationToken));
        Assert.Empty(redisLock.Leaves);
    }
}
