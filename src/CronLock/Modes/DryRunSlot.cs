using CronLock.Inspection;
using CronLock.Logging;
using CronLock.Options;

namespace CronLock.Modes;

/// <summary>
/// Pure: what the acquire script's slot rule would say of the lock as it reads now (see
/// AcquireScript): a slot already run is not run again; a lock held by an earlier slot's
/// unfinished run skips this slot as an overrun; otherwise the lock decides as without a rule.
/// </summary>
internal static class DryRunSlot
{
    /// <param name="hostNow">This host's clock, around which the slot candidates are proposed, as a run would.</param>
    /// <returns>The slot a run would be for, and the verdict when the rule alone decides it (else null).</returns>
    public static (long Slot, DryRunVerdict? Verdict, string? Action) Decide(LockStatus status, long serverNow, SlotRule rule, DateTimeOffset hostNow)
    {
        var slot = SlotRule.Nearest(rule.Candidates(hostNow), serverNow);
        if (status.Slot is { LastSlot: { } last } record && last.ToUnixTimeSeconds() >= slot)
        {
            return (slot, DryRunVerdict.SlotAlreadyRan,
                $"slot {StatusText.Time(last)} already ran ({ControlCharacters.Escape(record.Host ?? "?")} pid {record.Pid}): a run would exit 200 and run nothing");
        }

        if (status is { State: "held", Holder: { Slot: { } held, Finished: null } holder, ExpiresAt: { } expires }
            && expires.ToUnixTimeSeconds() >= serverNow && held.ToUnixTimeSeconds() < slot)
        {
            return (slot, DryRunVerdict.Overrun,
                $"overrun: the run of slot {StatusText.Time(held)} ({ControlCharacters.Escape(holder.Host)} pid {holder.Pid}) still holds the lock, "
                + $"so a run would skip slot {StatusText.Time(DateTimeOffset.FromUnixTimeSeconds(slot))} with a warning, record the overrun and exit 205");
        }

        return (slot, null, null);
    }
}
