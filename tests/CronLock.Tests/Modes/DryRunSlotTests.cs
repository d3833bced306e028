using CronLock.Core;
using CronLock.Inspection;
using CronLock.Modes;
using CronLock.Options;

namespace CronLock.Tests.Modes;

/// <summary>--dry-run with a slot rule: the acquire script's slot decision, read from the lock's status.</summary>
public sealed class DryRunSlotTests
{
    private const long Now = 1_800_000_010; // 10 s past a multiple of 60
    private const long Slot = 1_800_000_000;
    private static readonly SlotRule Rule = new SlotRule.Every(60);
    private static readonly DateTimeOffset HostNow = DateTimeOffset.FromUnixTimeSeconds(Now + 25);

    private static LockStatus Held(long holderSlot, bool finished = false) => new()
    {
        Key = "cronlock.k",
        State = "held",
        ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(Now + 100),
        Holder = new LockHolder(new LockHolderInfo("h:1:0", "host-b", 99, DateTimeOffset.FromUnixTimeSeconds(holderSlot + 1), "job.sh", "", 3)
        {
            Finished = finished ? DateTimeOffset.FromUnixTimeSeconds(Now - 5) : null,
        }) { Slot = DateTimeOffset.FromUnixTimeSeconds(holderSlot) },
    };

    [Fact]
    public void AFreeLock_IsForTheSlotNearestRedissClock_AndLeavesTheVerdictToTheLock()
    {
        var (slot, verdict, action) = DryRunSlot.Decide(new LockStatus { Key = "cronlock.k", State = "free" }, Now, Rule, HostNow);

        Assert.Equal(Slot, slot);
        Assert.Null(verdict);
        Assert.Null(action);
    }

    [Fact]
    public void ASlotThatRan_IsSlotAlreadyRan()
    {
        var status = new LockStatus { Key = "cronlock.k", State = "free", Slot = new SlotRecord { LastSlot = DateTimeOffset.FromUnixTimeSeconds(Slot), Host = "host-b", Pid = 99 } };

        var (_, verdict, action) = DryRunSlot.Decide(status, Now, Rule, HostNow);

        Assert.Equal(DryRunVerdict.SlotAlreadyRan, verdict);
        Assert.Contains("host-b pid 99", action, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEarlierSlotsRunStillGoing_IsAnOverrun()
    {
        var (_, verdict, action) = DryRunSlot.Decide(Held(Slot - 60), Now, Rule, HostNow);

        Assert.Equal(DryRunVerdict.Overrun, verdict);
        Assert.Contains("exit 205", action, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEarlierSlotsRunKeptOnlyForGrace_IsNoOverrun()
    {
        Assert.Null(DryRunSlot.Decide(Held(Slot - 60, finished: true), Now, Rule, HostNow).Verdict);
    }
}
