namespace CronLock.Core.Locking;

/// <summary>
/// Redlock's majority arithmetic over the configured masters. Every configured master counts,
/// reachable or not, so one lost master never lowers the bar. Pure.
/// </summary>
internal sealed record Quorum(int Masters)
{
    public int Majority => (Masters / 2) + 1;

    /// <summary>True when this many masters make a majority.</summary>
    public bool IsMajority(int masters) => masters >= Majority;

    /// <summary>
    /// What a renew or leave sent to every master found. <paramref name="kept"/> masters still hold
    /// the lock for us, <paramref name="ended"/> held it and ended it (RELEASE reached, or given
    /// back), <paramref name="unknown"/> did not answer (an error, a timeout). Every other master
    /// is certainly not holding it for us: down since the acquire, or it answered "not ours".
    /// </summary>
    public OwnedWriteVerdict Judge(int kept, int ended, int unknown)
    {
        if (kept < 0 || ended < 0 || unknown < 0 || kept + ended + unknown > Masters)
        {
            throw new ArgumentException($"{kept} kept + {ended} ended + {unknown} unknown do not fit {Masters} masters");
        }

        if (IsMajority(kept))
        {
            return OwnedWriteVerdict.Kept;
        }

        if (IsMajority(kept + ended))
        {
            return OwnedWriteVerdict.Ended;
        }

        // Those that did not answer may still hold it: only they can make the difference, so the
        // write is worth retrying while the lease lasts.
        return IsMajority(kept + ended + unknown) ? OwnedWriteVerdict.Unknown : OwnedWriteVerdict.Lost;
    }
}
